import { afterAll, expect, test } from "bun:test";
import { startTestApi } from "../../test/api-harness";
import { eventually, until } from "../../test/eventually";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { promptsSent } from "../../test/prompts-sent";
import { APP_SECRET, answerBody, metaLine, postWebhook } from "../../test/whatsapp-line";
import { answerWebRtcOffer } from "../media/webrtc/answer-offer";
import type { WebRtcLeg } from "../media/webrtc/webrtc-leg";
import { startModelSimulator } from "../models/simulator/server";

// On a call worker, as on the main thread, a call's model session opens alongside its media:
// a call we place has its model ready while it is still being dialled.
const CALLEE = "919800000002";
const sim = await startModelSimulator({
  pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
  recordClientEvents: true,
});
const callees: WebRtcLeg[] = [];
afterAll(async () => {
  for (const leg of callees) await leg.close();
  sim.stop();
});

test("a call placed on a worker opens its model while it is being dialled", async () => {
  const graph = new FakeGraphApi();
  const api = await startTestApi({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    callWorkers: 2,
  });
  try {
    const line = await metaLine(api, graph.accessToken);
    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    // WhatsApp takes its time to answer the dial (with the call's id): the media is still opening.
    graph.delay({ action: "connect" }, 1500);
    const eventsBefore = sim.clientEvents.length;
    const placed = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
      headers: { "idempotency-key": "ring-1" },
    });
    expect(placed.status).toBe(202);
    await eventually("connect to be sent", () => graph.callActions("connect").length === 1, 10_000);
    await eventually(
      "the model's session to open",
      () => promptsSent(sim.clientEvents.slice(eventsBefore)).sessions.length === 1,
      10_000,
    );
    // It opened before WhatsApp answered the dial: the call has no WhatsApp id yet.
    const record = await api.call("GET", `/v1/conversations/${placed.body.callId}`, {
      key: line.key,
    });
    expect(record.body).toMatchObject({ status: "dialing", providerCallId: null });
    await until(
      "the call to ring",
      async () =>
        (await api.call("GET", `/v1/conversations/${placed.body.callId}`, { key: line.key })).body
          .status === "ringing",
      10_000,
    );

    const connect = graph.callActions("connect")[0] as { body: { session: { sdp: string } } };
    const callee = await answerWebRtcOffer(connect.body.session.sdp);
    callees.push(callee.leg);
    let loudFrames = 0;
    callee.leg.on("audio", (frame) => {
      let energy = 0;
      for (const s of frame) energy += s * s;
      if (Math.sqrt(energy / frame.length) > 330) loudFrames++;
    });
    await postWebhook(api, answerBody("wacid.fake1", callee.answerSdp, CALLEE));
    await eventually("the callee to hear the greeting", () => loudFrames * 10 > 800, 10_000);
    const onWorker = api.logLines.some(
      (l) =>
        JSON.parse(l).msg === "call runs on a call worker" &&
        JSON.parse(l).callId === placed.body.callId,
    );
    expect(onWorker).toBe(true);
    await api.call("DELETE", `/v1/calls/${placed.body.callId}`, { key: line.key });
  } finally {
    await api.close();
    graph.stop();
  }
}, 30_000);
