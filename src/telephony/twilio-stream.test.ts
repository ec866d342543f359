import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import type { Server } from "bun";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { eventually, until } from "../../test/eventually";
import { audible, playTwilio, speechChunks } from "../../test/twilio-playback";
import {
  CALLER_NUMBER,
  localStreamUrl,
  PUBLIC_BASE_URL,
  postVoice,
  serveGateway,
  streamUrlOf,
  TwilioStreamClient,
  twilioLine,
  voiceForm,
} from "../../test/twilio-side";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

const CALL_SID = `CA${"5e".repeat(16)}`;
let sim: ModelSimulator;
let api: TestApi;
let server: Server<unknown>;

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 1.5, firstAudioDelayMs: 20 },
    recordClientEvents: true,
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.clientEvents.length = 0;
  api = await startTestApi({ modelBaseUrl: sim.url, publicBaseUrl: PUBLIC_BASE_URL });
  server = serveGateway(api);
});
afterEach(async () => {
  await server.stop(true);
  await api.close();
});

test("a phone call over a Twilio media stream hears the agent, barges in with clear, sends DTMF and ends on stop", async () => {
  const { tenantId, agentId } = await twilioLine(api);
  const twiml = (await postVoice(api, tenantId, voiceForm(CALL_SID))).body as string;
  const stream = await TwilioStreamClient.open(localStreamUrl(server, streamUrlOf(twiml) ?? ""));
  stream.connected();
  stream.start(CALL_SID);
  const twilio = playTwilio(stream);
  try {
    // The caller hears the greeting; 10 chunks (200 ms) of it are acknowledged as played…
    await eventually("the greeting to be played", () => twilio.state.audibleHeard >= 10, 10_000);
    twilio.state.playing = false;
    const heardWhenStopped = twilio.state.audibleHeard;
    // …while the gateway goes on sending well past what was acknowledged.
    await eventually(
      "more of the greeting",
      () => twilio.state.audibleSent >= heardWhenStopped + 25,
      10_000,
    );

    twilio.speak(speechChunks());
    const clearAt = await eventually(
      "the gateway to clear Twilio's buffer",
      () => {
        const at = stream.received.findIndex((m) => m.event === "clear");
        return at >= 0 ? at : false;
      },
      10_000,
    );
    const audibleSentBeforeClear = stream.received
      .slice(0, clearAt)
      .filter((m) => m.event === "media" && audible(m.media.payload)).length;
    const truncate = await eventually("the model to be told what was heard", () =>
      sim.clientEvents.find((e) => e.event.type === "conversation.item.truncate"),
    );
    const audioEndMs = (truncate.event as { audio_end_ms: number }).audio_end_ms;
    // Truncated where the last echoed mark put it, not at what was sent. (A 20 ms chunk only
    // partly filled by the reply, where it starts or stalls, counts whole on this side.)
    expect(audioEndMs).toBeGreaterThanOrEqual(heardWhenStopped * 20 - 100);
    expect(audioEndMs).toBeLessThanOrEqual(heardWhenStopped * 20 + 60);
    expect(audibleSentBeforeClear * 20).toBeGreaterThan(audioEndMs + 400);

    stream.dtmf("7");
    const live = await eventually("the call to be live", () =>
      api.registry.byProviderCallId({ tenantId, channel: "phone" }, CALL_SID),
    );
    const callId = live.session.id;
    await until("the caller's words and key press to be recorded", async () => {
      const [lines, events] = await Promise.all([
        api.stores.calls.messages(callId),
        api.stores.calls.events(callId),
      ]);
      return lines.some((l) => l.role === "user") && events.some((e) => e.kind === "dtmf");
    });
    stream.stop(CALL_SID);
    expect((await stream.closed).code).toBe(1000);
    await live.session.ended;

    const record = await api.stores.calls.get(null, callId);
    expect(record).toMatchObject({
      channel: "phone",
      direction: "inbound",
      agentId,
      providerCallId: CALL_SID,
      remoteParty: `••••${CALLER_NUMBER.slice(-4)}`,
      endReason: "caller_hung_up",
    });
    const events = await api.stores.calls.events(callId);
    expect(events.find((e) => e.kind === "dtmf")?.detail.digit).toBe("7");
    const lines = await api.stores.calls.messages(callId);
    expect(lines.some((line) => line.role === "assistant" && line.interrupted)).toBe(true);
    expect(lines.some((line) => line.role === "user")).toBe(true);
  } finally {
    twilio.stop();
  }
});
