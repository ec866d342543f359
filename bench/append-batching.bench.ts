// Caller audio to the model in fewer, larger `input_audio_buffer.append` messages: N OpenAI
// model legs in this process, each fed 10 ms caller frames (24 kHz) in real time for a window,
// against the model simulator in its own process; this process's CPU per call (the JSON,
// base64 and WebSocket work the lever saves), appends of 10 and 40 ms alternating per round.
//
//   bun bench/append-batching.bench.ts [--calls 25] [--rounds 3] [--seconds 10]

import { parseArgs } from "node:util";
import type { ModelLeg } from "../src/models/model-leg";
import { createOpenAIModelLeg } from "../src/models/openai/create-openai-model-leg";
import { testSettings } from "../test/model-test-settings";
import { Children } from "./harness/children";
import { startSimulator } from "./harness/simulator-process";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "25" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "10" },
  },
});
const CALLS = Number(args.calls);
const frame = new Int16Array(240);
const children = new Children();
const simulator = await startSimulator(children);

async function run(appendMs: number): Promise<number> {
  const legs: ModelLeg[] = [];
  for (let i = 0; i < CALLS; i++) {
    const leg = createOpenAIModelLeg({ apiKey: "bench", baseUrl: simulator.url, appendMs });
    await leg.connect(testSettings());
    legs.push(leg);
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let sent = 0;
  const total = Number(args.seconds) * 100;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - started) / 10));
      for (; sent < due; sent++) for (const leg of legs) leg.sendAudio(frame);
      if (sent < total) return;
      clearInterval(timer);
      resolve();
    }, 10);
  });
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - started) / 1000;
  await Promise.all(legs.map((leg) => leg.close()));
  return (cpu.user + cpu.system) / 1000 / wallSeconds / CALLS;
}

try {
  for (let round = 1; round <= Number(args.rounds); round++) {
    for (const appendMs of [10, 40]) {
      const ms = await run(appendMs);
      console.log(
        `[round ${round}] appends of ${appendMs} ms: ${ms.toFixed(2)} ms CPU per s per call`,
      );
    }
  }
} finally {
  await children.stopAll();
}
process.exit(0);
