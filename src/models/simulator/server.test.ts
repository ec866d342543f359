import { afterEach, expect, test } from "bun:test";
import { LegRecorder } from "../../../test/leg-recorder";
import { testSettings } from "../../../test/model-test-settings";
import { memoryLogger } from "../../log/logger";
import type { ModelLeg } from "../model-leg";
import { createOpenAIModelLeg } from "../openai/create-openai-model-leg";
import { type ModelSimulatorOptions, startModelSimulator } from "./server";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

async function start(options: ModelSimulatorOptions = {}) {
  const sim = await startModelSimulator({
    pacing: { playbackSpeed: 50, firstAudioDelayMs: 0 },
    ...options,
  });
  cleanup.push(() => sim.stop());
  return sim;
}

function connectLeg(url: string): { leg: ModelLeg; rec: LegRecorder } {
  const backoff = { initialMs: 10, maxMs: 50, maxAttempts: 3, jitter: 0 };
  const leg = createOpenAIModelLeg({
    apiKey: "sk-test",
    baseUrl: url,
    backoff,
    logger: memoryLogger().logger,
  });
  cleanup.push(() => leg.close());
  return { leg, rec: new LegRecorder(leg) };
}

test("the realtime path needs a bearer token; other paths do not exist", async () => {
  const sim = await start();
  const base = `http://127.0.0.1:${sim.port}`;
  expect((await fetch(`${base}/v1/realtime?model=gpt-realtime`)).status).toBe(401);
  expect((await fetch(`${base}/v1/other`)).status).toBe(404);
  const noUpgrade = await fetch(`${base}/v1/realtime`, { headers: { Authorization: "Bearer x" } });
  expect(noUpgrade.status).toBe(426);
  expect(sim.url).toBe(`${base}/v1`);
});

test("dropping the socket after N events cuts a reply short; the client reconnects", async () => {
  const sim = await start({ pacing: { playbackSpeed: 5, firstAudioDelayMs: 0 } });
  const { leg, rec } = connectLeg(sim.url);
  await leg.connect(testSettings());
  sim.faults.dropAfterEvents(6);
  leg.createResponse();
  await rec.waitFor("sessionRotated");
  expect(rec.all("responseDone")).toEqual([]);
  expect(rec.all("audio").length).toBeGreaterThan(0);
  expect(sim.connections).toBe(2);
});

test("sessions end with code 1001 at the configured session limit", async () => {
  const sim = await start({ sessionMaxMs: 150 });
  const { leg, rec } = connectLeg(sim.url);
  await leg.connect(testSettings());
  const rotated = await rec.waitFor("sessionRotated");
  expect(rotated.reason).toBe("server_going_away");
});

test("stop closes open sessions and frees the port", async () => {
  const sim = await startModelSimulator();
  const { leg, rec } = connectLeg(sim.url);
  await leg.connect(testSettings());
  await sim.stop();
  await rec.waitFor("connectionState", 3); // connecting, connected, then the loss is noticed
  const refused = await fetch(`http://127.0.0.1:${sim.port}/v1/realtime`).catch(() => "refused");
  expect(refused).toBe("refused");
});
