import { afterEach, describe, expect, test } from "bun:test";
import { callerRecording } from "../../test/caller-audio";
import { eventually } from "../../test/eventually";
import { MemoryMediaLeg } from "../../test/memory-media-leg";
import { RecordedCall } from "../../test/recorded-call";
import { CallSession } from "../calls/call-session";
import { MonotonicFrameClock } from "../calls/frame-clock";
import { modelSettingsFor } from "../calls/model-settings-for-agent";
import { defaultAgentConfig } from "../domain/agent-config";
import { memoryLogger } from "../log/logger";
import { createOpenAIModelLeg } from "../models/openai/create-openai-model-leg";
import { type ModelSimulatorOptions, startModelSimulator } from "../models/simulator/server";
import { PendingRetranscriptions } from "./pending-retranscriptions";
import { OpenAIRetranscriber } from "./retranscriber";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A call session on the simulator with in-process media, re-reading lines below 0.75. */
async function startCall(
  simOptions: ModelSimulatorOptions,
  bufferMs?: number,
  transcriptionUrl?: string,
) {
  const sim = await startModelSimulator({
    pacing: { playbackSpeed: 4, firstAudioDelayMs: 20, chunkMs: 40 },
    ...simOptions,
  });
  stops.push(() => sim.stop());
  const config = defaultAgentConfig();
  config.greeting = { mode: "none", muteCaller: false };
  const model = createOpenAIModelLeg({
    apiKey: "sk-test",
    baseUrl: sim.url,
    connectTimeoutMs: 1500,
  });
  const modelConnection = model.connect(modelSettingsFor(config, {}, []));
  modelConnection.catch(() => {});
  const records = new RecordedCall();
  const pending = new PendingRetranscriptions();
  const media = new MemoryMediaLeg();
  const session = new CallSession({
    id: "call_transcript",
    config,
    context: {},
    media,
    model,
    modelConnection,
    clock: new MonotonicFrameClock(),
    records,
    log: memoryLogger().logger,
    transcripts: {
      retranscriber: new OpenAIRetranscriber({
        apiKey: "sk-test",
        baseUrl: transcriptionUrl ?? sim.url,
        maxRetries: 0,
      }),
      confidenceThreshold: 0.75,
      pending,
      ...(bufferMs !== undefined && { bufferMs }),
    },
  });
  stops.push(async () => void (await session.hangUp("hung_up_by_api")));
  session.start();
  media.connect();
  return { sim, session, media, model, records, pending };
}

const userLines = (records: RecordedCall) => records.messages.filter((m) => m.role === "user");

describe("a call's transcript", () => {
  test("keeps caller lines on the call clock after the model session was replaced", async () => {
    const { session, media, model, records, sim } = await startCall({});
    const rotations: string[] = [];
    model.on("sessionRotated", (r) => rotations.push(r.reason));
    // Two seconds of the caller's silence go to the first session; then the socket drops.
    await eventually("two seconds of call", () => session.offsetMs > 2000, 5000);
    sim.faults.dropConnections();
    await eventually("the session to be replaced", () => rotations.length > 0, 5000);
    await Bun.sleep(300);
    const playedAt = session.offsetMs;
    media.play(callerRecording("en-hours.wav"));
    await eventually("the caller's line", () => userLines(records).length === 1, 10_000);
    const line = userLines(records)[0]?.line;
    expect(rotations).toEqual(["reconnected"]);
    // Speech begins 300 ms into the recording; the detector starts the turn 300 ms before it.
    expect(line?.startMs).toBeGreaterThan(playedAt - 50);
    expect(line?.startMs).toBeLessThan(playedAt + 300 + 100);
    expect(line?.confidence).toBeCloseTo(0.95, 3);
    expect(line?.retranscription).toBeUndefined();
  }, 20_000);

  test("an unsure line whose audio has left the buffer is kept, marked unavailable", async () => {
    const { media, records, sim, pending } = await startCall(
      { script: { confidence: () => 0.3 } },
      1000,
    );
    media.play(callerRecording("en-hours.wav"));
    await eventually("the caller's line", () => userLines(records).length === 1, 10_000);
    await pending.settled("call_transcript");
    const [line] = userLines(records);
    expect(line?.text).toBe("caller utterance 1");
    expect(line?.line?.confidence).toBeCloseTo(0.3, 3);
    expect(line?.line?.retranscription?.status).toBe("unavailable");
    expect(sim.transcriptions).toHaveLength(0);
  }, 20_000);

  test("a re-transcription that fails leaves the live line, marked failed", async () => {
    const { media, records, pending } = await startCall(
      { script: { confidence: () => 0.3 } },
      undefined,
      "http://127.0.0.1:9/v1",
    );
    media.play(callerRecording("en-hours.wav"));
    await eventually("the caller's line", () => userLines(records).length === 1, 10_000);
    await pending.settled("call_transcript");
    const [line] = userLines(records);
    expect(line?.text).toBe("caller utterance 1");
    expect(line?.line?.retranscription).toMatchObject({ status: "failed", text: null });
  }, 20_000);
});
