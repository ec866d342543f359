// The model wire in each audio format: N realtime sessions in this process against the model
// simulator in its own, fed a caller's speech in real time and receiving its replies, once as
// the gateway talks to the model today (24 kHz PCM, one append per 10 ms frame, base64 made
// from each frame, replies decoded to PCM) and once as a phone call could (`audio/pcmu`: the
// 20 ms chunks Twilio delivers forwarded as they come, replies decoded to µ-law bytes only).
// Formats alternate within each round; this process's CPU per call-second is what each costs
// in JSON, base64 and WebSocket work. Rewrites "## Model audio on the wire: PCM or µ-law".
//
//   bun bench/model-wire.bench.ts [--calls 25] [--rounds 3] [--seconds 10]

import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { muLawEncode } from "../src/audio/g711";
import { Resampler } from "../src/audio/resampler";
import { pcmFromBase64, pcmToBase64 } from "../src/models/openai/pcm-base64";
import { realtimeUrl } from "../src/models/openai/realtime-url";
import { callerRecording, concat } from "../test/caller-audio";
import { Children } from "./harness/children";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";
import { startSimulator } from "./harness/simulator-process";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "25" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "10" },
  },
});
const CALLS = Number(args.calls);
const SECONDS = Number(args.seconds);
const FORMATS = ["pcm", "pcmu"] as const;
type Format = (typeof FORMATS)[number];
type HeaderWebSocket = new (url: string, options: { headers: Record<string, string> }) => WebSocket;

// The caller: a recording, then 3 s of silence, over and over.
const speech48k = concat(callerRecording("en-hours.wav"), new Int16Array(48 * 3000));
const resample = (to: 8000 | 24000) => {
  const r = new Resampler(48000, to);
  const out = r.process(speech48k).slice();
  r.dispose();
  return out;
};
const pcm24k = resample(24000);
/** The µ-law chunks as Twilio delivers them: base64 already. */
const mulawChunks: string[] = [];
const codes = muLawEncode(resample(8000));
for (let at = 0; at + 160 <= codes.length; at += 160)
  mulawChunks.push(Buffer.from(codes.subarray(at, at + 160)).toString("base64"));

function open(url: string, format: Format, onDelta: (delta: string) => void): Promise<WebSocket> {
  const ws = new (WebSocket as unknown as HeaderWebSocket)(url, {
    headers: { authorization: "Bearer bench" },
  });
  const type = format === "pcm" ? "audio/pcm" : "audio/pcmu";
  const audioFormat = format === "pcm" ? { type, rate: 24000 } : { type };
  return new Promise((resolve, reject) => {
    ws.addEventListener("error", () => reject(new Error("model socket failed")));
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { type: string; delta?: string };
      if (message.type === "session.created") {
        const audio = { input: { format: audioFormat }, output: { format: audioFormat } };
        ws.send(JSON.stringify({ type: "session.update", session: { type: "realtime", audio } }));
        resolve(ws);
      } else if (message.type === "response.output_audio.delta" && message.delta)
        onDelta(message.delta);
    });
  });
}

/** ms of this process's CPU per call-second with every session on `format`. */
async function run(url: string, format: Format): Promise<{ cpuMs: number; deltas: number }> {
  let deltas = 0;
  // What the gateway must do with a reply chunk before it can play it.
  const decode =
    format === "pcm"
      ? (delta: string) => pcmFromBase64(delta)
      : (delta: string) => Buffer.from(delta, "base64");
  const onDelta = (delta: string) => {
    decode(delta);
    deltas++;
  };
  const sockets = await Promise.all(
    Array.from({ length: CALLS }, () => open(url, format, onDelta)),
  );
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let ticks = 0;
  const total = SECONDS * 100;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - started) / 10));
      for (; ticks < due; ticks++) {
        for (const [i, ws] of sockets.entries()) {
          // Callers are spread over the recording, as they would be.
          const tick = ticks + i * 37;
          if (format === "pcm") {
            const at = (tick * 240) % (pcm24k.length - 240);
            const audio = pcmToBase64(pcm24k.subarray(at, at + 240));
            ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio }));
          } else if (tick % 2 === 0) {
            const audio = mulawChunks[(tick / 2) % mulawChunks.length];
            ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio }));
          }
        }
      }
      if (ticks < total) return;
      clearInterval(timer);
      resolve();
    }, 10);
  });
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.close();
  await Bun.sleep(500);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / wallSeconds / CALLS, deltas };
}

const children = new Children();
try {
  const simulator = await startSimulator(children);
  const url = realtimeUrl(simulator.url, "gpt-realtime");
  const rows: string[] = [];
  const sums: Record<Format, number> = { pcm: 0, pcmu: 0 };
  for (let round = 1; round <= Number(args.rounds); round++) {
    const cells: string[] = [];
    for (const format of FORMATS) {
      const { cpuMs, deltas } = await run(url, format);
      sums[format] += cpuMs;
      cells.push(`${cpuMs.toFixed(2)} (${deltas} replies' chunks)`);
      console.log(`[round ${round}] ${format}: ${cpuMs.toFixed(2)} ms CPU per call-second`);
    }
    rows.push(`| ${round} | ${cells.join(" | ")} |`);
  }
  const mean = (f: Format) => sums[f] / Number(args.rounds);
  const machine = thisMachine();
  const section = `## Model audio on the wire: PCM or µ-law

Command: \`bun bench/model-wire.bench.ts --calls ${CALLS} --rounds ${args.rounds} --seconds ${SECONDS}\` (also run by \`npm run bench\`). Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, Bun ${machine.bunVersion}, ${machine.date}, shared with other work.

${CALLS} realtime sessions in the benchmark's process against the model simulator in its own (real-time pacing), each fed a caller's speech (\`en-hours.wav\`, then 3 s of silence, in a loop, callers spread over it) in real time for ${SECONDS} s, the simulator answering each turn. **PCM**: the session in 24 kHz PCM both ways, one \`input_audio_buffer.append\` per 10 ms frame with its base64 made from the frame (as the gateway's model leg sends), each reply chunk decoded to PCM16. **µ-law**: the session in \`audio/pcmu\` both ways, one append per 20 ms chunk carrying Twilio's base64 payload as it came (nothing encoded), each reply chunk decoded to its µ-law bytes. Figures: this process's CPU (user + system) per call-second, the JSON, base64 and WebSocket work of the model wire alone; the number of reply chunks received shows both formats had the same conversation.

| round | PCM ms per call-second | µ-law ms per call-second |
| --- | --- | --- |
${rows.join("\n")}
| mean | ${mean("pcm").toFixed(2)} | ${mean("pcmu").toFixed(2)} |

µ-law on the model wire saves ${(mean("pcm") - mean("pcmu")).toFixed(2)} ms of CPU per call-second here: half the messages in, and a sixth of the audio bytes each way. Weighed with the conversions under "Phone calls (Twilio Media Streams)".
`;
  const path = new URL("../BENCHMARKS.md", import.meta.url).pathname;
  writeFileSync(path, withSection(readFileSync(path, "utf8"), section));
} finally {
  await children.stopAll();
}
process.exit(0);
