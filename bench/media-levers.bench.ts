// Media-leg capacity levers (Opus DTX, no frames while the agent is silent) measured on their
// own: the gateway's WebRTC legs in one process, real wrtc callers in this one, all on
// loopback, and the legs' process CPU (all threads, and per thread) over a steady window. The
// variants alternate within each round, so a shared machine's changing load falls on each.
// Lighter than the call benchmark (no model, no HTTP, no recording) for a busy machine.
//
//   bun bench/media-levers.bench.ts [--calls 10] [--rounds 2] [--seconds 15]

import { parseArgs } from "node:util";
import { CallerPeer } from "../test/caller-peer";
import { cpuSeconds, startUsageWindow } from "./calls/proc-stats";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "15" },
  },
});
const CALLS = Number(args.calls);
const VARIANTS: Array<{ label: string; env: Record<string, string> }> = [
  { label: "base", env: {} },
  { label: "Opus DTX", env: { LEVER_OPUS_DTX: "1" } },
  { label: "no frames while silent", env: { LEVER_SKIP_SILENT: "1" } },
];
const CHILD = new URL("./media-levers/gateway-legs.ts", import.meta.url).pathname;

async function run(env: Record<string, string>) {
  const answers = new Map<number, (sdp: string) => void>();
  let ready: () => void = () => {};
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const child = Bun.spawn(["bun", CHILD], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
    ipc(message: { type: string; id: number; sdp: string }) {
      if (message.type === "ready") ready();
      if (message.type === "answer") answers.get(message.id)?.(message.sdp);
    },
  });
  await isReady;
  const callers: CallerPeer[] = [];
  try {
    for (let id = 0; id < CALLS; id++) {
      const caller = new CallerPeer();
      callers.push(caller);
      const sdp = await caller.offer();
      const answer = new Promise<string>((resolve) => answers.set(id, resolve));
      child.send({ type: "offer", id, sdp });
      await caller.answer(await answer);
    }
    await Promise.all(callers.map((c) => c.waitForConnected()));
    await Bun.sleep(3000);
    const heardBefore = callers.reduce((n, c) => n + c.audibleMs(), 0);
    const window = startUsageWindow(child.pid);
    const cpuBefore = cpuSeconds(child.pid);
    await Bun.sleep(Number(args.seconds) * 1000);
    const usage = window.stop();
    const cores = (cpuSeconds(child.pid) - cpuBefore) / usage.wallSeconds;
    const heard = callers.reduce((n, c) => n + c.audibleMs(), 0) - heardBefore;
    const perCall = (s: number) => (s * 1000) / usage.wallSeconds / CALLS;
    return {
      msPerSecondPerCall: perCall(usage.cpuSeconds),
      cores,
      heardPerCallSecond: heard / CALLS / usage.wallSeconds,
      machineBusy: usage.machineBusyCores,
      threads: [...usage.threads]
        .sort((a, b) => b.cpuSeconds - a.cpuSeconds)
        .slice(0, 6)
        .map((t) => `${t.name} ${perCall(t.cpuSeconds).toFixed(1)}`)
        .join(", "),
    };
  } finally {
    for (const caller of callers) caller.close();
    child.kill();
    await child.exited;
  }
}

for (let round = 1; round <= Number(args.rounds); round++) {
  for (const variant of VARIANTS) {
    const r = await run(variant.env);
    console.log(
      `[round ${round}] ${variant.label}: ${r.msPerSecondPerCall.toFixed(1)} ms CPU per s per call ` +
        `(${(1000 / r.msPerSecondPerCall).toFixed(1)} calls per core of media-leg CPU), ` +
        `agent heard ${r.heardPerCallSecond.toFixed(0)} ms/s per call, machine ${r.machineBusy.toFixed(2)} cores busy; ` +
        `threads ms/s/call: ${r.threads}`,
    );
  }
}
process.exit(0);
