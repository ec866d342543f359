import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { recordingPath } from "../../../test/assets";
import { type CallerPeer, createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import { APP_SECRET, connectBody, metaLine, postWebhook } from "../../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

// The built-in tools that act through the WhatsApp provider: a follow-up text, and the agent
// hanging up (which WhatsApp must hear of).
let sim: ModelSimulator;
let graph: FakeGraphApi;
let api: TestApi;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    script: {
      toolRules: [
        {
          when: /utterance 1/,
          tool: "send_whatsapp_message",
          arguments: { text: "Booked: Friday at ten. Reply here to change it." },
          thenSay: "booking",
        },
        { when: /utterance 1/, tool: "end_call", arguments: {} },
      ],
    },
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  graph = new FakeGraphApi();
  api = await startTestApi({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
  });
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  graph.stop();
});

/** A WhatsApp call to an agent with `tool`, answered, greeted, and asked something. */
async function callWith(tool: string, providerCallId: string) {
  const line = await metaLine(api, graph.accessToken, {
    tools: [{ type: "builtin", name: tool }],
  });
  const caller = await createCallerPeer({
    whatsappStyle: true,
    wavPath: recordingPath("en-hours.wav"),
  });
  callers.push(caller);
  await postWebhook(api, connectBody(providerCallId, caller.offerSdp));
  await eventually("accept to be sent", () => graph.callActions("accept").length === 1, 10_000);
  await caller.answer(graph.callActions("accept")[0]?.body.session.sdp);
  await api.background.idle();
  const callId: string = (await api.call("GET", "/v1/conversations", { key: line.key })).body
    .data[0].id;
  const record = async () =>
    (await api.call("GET", `/v1/conversations/${callId}`, { key: line.key })).body;
  return { line, callId, record };
}

describe("built-in tools on WhatsApp calls", () => {
  test("send_whatsapp_message texts the caller in the chat the call came from", async () => {
    const { callId, line, record } = await callWith("send_whatsapp_message", "wacid.text1");
    await eventually("the text to be sent", () => graph.textMessages.length === 1, 20_000);
    expect(graph.textMessages).toEqual([
      { to: "919800000000", text: "Booked: Friday at ten. Reply here to change it." },
    ]);
    const deadline = Date.now() + 10_000;
    while (!(await record()).messages.some((m: { role: string }) => m.role === "tool")) {
      if (Date.now() > deadline) throw new Error("no tool message");
      await Bun.sleep(100);
    }
    const tool = (await record()).messages.find((m: { role: string }) => m.role === "tool").tool;
    expect(tool).toMatchObject({ name: "send_whatsapp_message", status: "ok" });
    await api.call("DELETE", `/v1/calls/${callId}`, { key: line.key });
  }, 40_000);

  test("end_call ends the call as agent_ended, and WhatsApp is told to terminate it", async () => {
    const { record } = await callWith("end_call", "wacid.bye1");
    await eventually(
      "terminate to be sent",
      () => graph.callActions("terminate").length === 1,
      20_000,
    );
    expect(graph.callActions("terminate")[0]?.body).toMatchObject({ call_id: "wacid.bye1" });
    // The record notes the terminate once WhatsApp has answered it.
    const deadline = Date.now() + 5000;
    let ended = await record();
    while (!ended.events.some((e: { kind: string }) => e.kind === "terminate_sent")) {
      if (Date.now() > deadline) throw new Error("terminate_sent never recorded");
      await Bun.sleep(50);
      ended = await record();
    }
    expect(ended).toMatchObject({ status: "ended", endReason: "agent_ended" });
    expect(graph.textMessages).toEqual([]);
  }, 40_000);
});
