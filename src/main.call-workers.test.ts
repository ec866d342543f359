import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callerRecording } from "../test/caller-audio";
import { CallerPeer } from "../test/caller-peer";
import { until } from "../test/eventually";
import { GatewayProcess } from "../test/gateway-process";

// With CALL_WORKERS, a browser call's media, session and model run on a worker thread while
// the HTTP edge and storage stay on the main thread: the caller still hears the agent, is
// heard, can be hung up through the API, and the call's records and recording are complete.
const ADMIN_KEY = "av_admin_workers-test-key-0123456789";
const workDir = mkdtempSync(join(tmpdir(), "astra-workers-"));
const logFile = join(workDir, "gateway.log");
const callers: CallerPeer[] = [];
const gateway = new GatewayProcess({
  workDir,
  adminKey: ADMIN_KEY,
  env: { CALL_WORKERS: "2", DRAIN_SECONDS: "2" },
  logFile,
});
const api = (method: string, path: string, body?: unknown) => gateway.api(method, path, body);

afterAll(async () => {
  for (const caller of callers) caller.close();
  await gateway.kill();
  rmSync(workDir, { recursive: true, force: true });
});

const logLines = () =>
  readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function dial(agentId: string) {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api("POST", "/v1/calls/web", { agentId, sdp: await caller.offer() });
  expect(res.status).toBe(201);
  await caller.answer(res.body.sdp);
  return { caller, callId: res.body.callId as string };
}

test("calls on worker threads are heard, hear the caller, hang up, and leave complete records", async () => {
  await gateway.start();
  const tenant = (await api("POST", "/v1/tenants", { name: "Worker Dental" })).body;
  const agent = (await api("POST", "/v1/agents", { tenantId: tenant.id, name: "Desk" })).body;
  expect((await api("POST", `/v1/agents/${agent.id}/publish`)).status).toBe(201);

  // Two calls at once: one goes to each worker.
  const first = await dial(agent.id);
  const second = await dial(agent.id);
  for (const { caller } of [first, second])
    await until("the greeting to be heard", async () => caller.audibleMs() > 800, 15_000);
  const live = await api("GET", `/v1/calls/${first.callId}`);
  expect(live.body).toMatchObject({ live: true, phase: "active" });

  first.caller.play(callerRecording("en-hours.wav"));
  const roles = async () =>
    ((await api("GET", `/v1/conversations/${first.callId}`)).body.messages ?? []).map(
      (m: { role: string }) => m.role,
    ) as string[];
  await until(
    "the caller's words and the agent's answer to be stored",
    async () => (await roles()).slice(1).join(" ").includes("user assistant"),
    30_000,
  );
  expect((await api("DELETE", `/v1/calls/${first.callId}`)).status).toBe(204);
  expect((await api("DELETE", `/v1/calls/${second.callId}`)).status).toBe(204);

  const record = (await api("GET", `/v1/conversations/${first.callId}`)).body;
  expect(record).toMatchObject({ status: "ended", endReason: "hung_up_by_api" });
  expect(record.messages[0].role).toBe("assistant");
  expect(record.messages.some((m: { role: string }) => m.role === "user")).toBe(true);
  expect(record.mediaConnectedAt).not.toBeNull();
  expect(record.firstAgentAudioAt).not.toBeNull();
  expect(record.usage.outputTokens).toBeGreaterThan(0);
  await until(
    "the recording to be ready",
    async () =>
      (await api("GET", `/v1/conversations/${first.callId}`)).body.recording?.status === "ready",
    20_000,
  );
  const recorded = (await api("GET", `/v1/conversations/${first.callId}`)).body.recording;
  expect(recorded.durationMs).toBeGreaterThan(2000);
  expect((await api("GET", `/v1/calls/${first.callId}`)).body).toMatchObject({ live: false });

  // Each worker's event loop is measured beside the main thread's.
  const metrics = await (await fetch(`${gateway.base}/metrics`)).text();
  for (const thread of ["main", "worker-0", "worker-1"]) {
    const count = new RegExp(
      `^astra_event_loop_lag_seconds_count\\{thread="${thread}"\\} (\\d+)$`,
      "m",
    );
    expect(Number(count.exec(metrics)?.[1])).toBeGreaterThan(0);
  }

  // Each call ran on a worker of its own.
  const onWorkers = logLines().filter((line) => line.msg === "call runs on a call worker");
  const workerOf = (callId: string) => onWorkers.find((line) => line.callId === callId)?.worker;
  expect(workerOf(first.callId)).toBeDefined();
  expect(workerOf(second.callId)).toBeDefined();
  expect(workerOf(first.callId)).not.toBe(workerOf(second.callId));
}, 120_000);
