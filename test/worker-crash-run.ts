// Run as its own process (`bun test/worker-crash-run.ts`) by src/call-workers/worker-failure.test.ts:
// a call worker that fails where nothing catches it retires only in a process of its own (the
// test runner lets such a worker die, which takes a process that ran WebRTC on it down too).
// It places a browser call on a worker, makes that worker fail mid-call, then places two more
// calls, and prints what a user of the API sees as one line of JSON.
import { startModelSimulator } from "../src/models/simulator/server";
import { startTestApi } from "./api-harness";
import { CallerPeer } from "./caller-peer";
import { until } from "./eventually";

const sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
const api = await startTestApi({ modelBaseUrl: sim.url, callWorkers: 2 });
const callers: CallerPeer[] = [];

/** The worker a call runs on, as its log says. */
function workerOf(callId: string): number | undefined {
  const line = api.logLines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.msg === "call runs on a call worker" && l.callId === callId);
  return line?.worker as number | undefined;
}

try {
  const { key } = await api.tenantWithKey();
  const created = await api.call("POST", "/v1/agents", {
    key,
    body: { name: "Desk", config: { recording: { enabled: true } } },
  });
  await api.call("POST", `/v1/agents/${created.body.id}/publish`, { key });
  const dial = async () => {
    const caller = new CallerPeer();
    callers.push(caller);
    const res = await api.call("POST", "/v1/calls/web", {
      key,
      body: { agentId: created.body.id, sdp: await caller.offer() },
    });
    await caller.answer(res.body.sdp);
    await caller.waitForAudio(400, 10_000);
    return { caller, callId: res.body.callId as string };
  };
  const conversation = async (callId: string) =>
    (await api.call("GET", `/v1/conversations/${callId}`, { key })).body;

  const { callId } = await dial();
  await until("the greeting to be stored", async () =>
    ((await conversation(callId)).messages ?? []).some(
      (m: { role: string }) => m.role === "assistant",
    ),
  );
  const worker = workerOf(callId) ?? -1;
  // A message its channel cannot read throws in the worker where nothing catches it.
  api.workers?.threadOf(worker)?.postMessage(null);
  await until("the call to end", async () => (await conversation(callId)).status === "ended");
  await until(
    "the recording to be finished",
    async () => (await conversation(callId)).recording?.status !== "recording",
  );
  const record = await conversation(callId);
  const live = (await api.call("GET", `/v1/calls/${callId}`, { key })).body.live;
  const metrics = await api.metrics.render();
  // The replacement takes calls: two new calls go to two workers.
  const next = [await dial(), await dial()];
  const nextWorkers = next.map((call) => workerOf(call.callId));
  for (const call of next) await api.call("DELETE", `/v1/calls/${call.callId}`, { key });
  const log = api.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
  console.log(
    JSON.stringify({
      worker,
      record,
      live,
      metrics,
      nextWorkers,
      logged: log.map((l) => l.msg),
    }),
  );
} finally {
  for (const caller of callers) caller.close();
  sim.stop();
  // Exiting on purpose: a process left to wind down by itself with WebRTC threads running on
  // its workers does not end cleanly.
  process.exit(0);
}
