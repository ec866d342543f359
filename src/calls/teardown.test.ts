import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { CallerPeer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { audioCore } from "../audio/wasm-core";
import { liveWebRtcLegs } from "../media/webrtc/webrtc-leg";
import type { ModelLeg } from "../models/model-leg";
import { createOpenAIModelLeg } from "../models/openai/create-openai-model-leg";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";
import { MonotonicFrameClock } from "./frame-clock";

let sim: ModelSimulator;
let api: TestApi;
const clock = new MonotonicFrameClock();
const legs: ModelLeg[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 4, firstAudioDelayMs: 0 } });
  api = await startTestApi({
    clock,
    createModelLeg: () => {
      const leg = createOpenAIModelLeg({ apiKey: "t", baseUrl: sim.url });
      legs.push(leg);
      return leg;
    },
  });
});
afterAll(async () => {
  await api.close();
  await sim.stop();
});

/** One whole call: dial, connect media, hear the greeting start, hang up. */
async function oneCall(key: string, agentId: string): Promise<void> {
  const caller = new CallerPeer();
  try {
    const res = await api.call("POST", "/v1/calls/web", {
      key,
      body: { agentId, sdp: await caller.offer() },
    });
    if (res.status !== 201) throw new Error(`call refused: ${JSON.stringify(res.body)}`);
    await caller.answer(res.body.sdp);
    const live = api.registry.get(res.body.callId);
    await eventually("media to connect", () => live?.session.phase === "active", 5000);
    await api.call("DELETE", `/v1/calls/${res.body.callId}`, { key });
  } finally {
    caller.close();
  }
}

function heapMb(): number {
  Bun.gc(true);
  return process.memoryUsage().heapUsed / 1_048_576;
}

describe("call teardown", () => {
  test("200 calls in a row leave no peer connection, timer, model session or memory behind", async () => {
    const { key } = await api.tenantWithKey();
    const agentId = (await api.call("POST", "/v1/agents", { key, body: { name: "Desk" } })).body.id;
    await api.call("POST", `/v1/agents/${agentId}/publish`, { key });

    for (let i = 0; i < 20; i++) await oneCall(key, agentId); // warm-up: caches, JIT, pools
    const heapAfterWarmUp = heapMb();
    const wasmAfterWarmUp = audioCore().exports.memory.buffer.byteLength;
    for (let i = 0; i < 180; i++) await oneCall(key, agentId);
    await eventually(
      "every leg to close",
      () => legs.every((l) => l.state.status === "closed"),
      5000,
    );
    const heapAfterAll = heapMb();
    console.log(
      `heap after warm-up ${heapAfterWarmUp.toFixed(1)} MB, after 200 calls ${heapAfterAll.toFixed(1)} MB`,
    );

    expect(api.registry.size).toBe(0);
    expect(liveWebRtcLegs()).toBe(0);
    expect(clock.subscribers).toBe(0);
    expect(legs).toHaveLength(200);
    // 180 more calls may not leave more than a sliver each: a leak of even one session's
    // buffers (hundreds of KB) per call would add tens of MB here.
    expect(heapAfterAll - heapAfterWarmUp).toBeLessThan(8);
    // Resampler state lives in WASM memory: disposed streams must be reused, not piled up.
    expect(audioCore().exports.memory.buffer.byteLength).toBe(wasmAfterWarmUp);
    const calls = await api.call("GET", "/v1/conversations?limit=200", { key });
    expect(
      calls.body.data.filter((c: { endReason: string }) => c.endReason === "hung_up_by_api"),
    ).toHaveLength(200);
  }, 240_000);
});
