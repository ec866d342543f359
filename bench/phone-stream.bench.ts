// Phone stream benchmark: the CPU one second of a phone call costs the gateway's Twilio leg,
// both ways (50 µ-law chunks in, 100 PCM frames out as 50 chunks and 50 marks), split into the
// audio conversion (µ-law and 8 ↔ 48 kHz in the WASM core) and the rest (JSON and base64). The
// rest is what would remain if the model were given `audio/pcmu` directly. One run, one table;
// rewrites the "## Phone calls (Twilio Media Streams)" section of BENCHMARKS.md.
// Run: `bun bench/phone-stream.bench.ts`.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { muLawDecode, muLawEncode } from "../src/audio/g711";
import { Resampler } from "../src/audio/resampler";
import { readStreamMessage } from "../src/telephony/stream-messages";
import { TwilioStreamLeg } from "../src/telephony/twilio-stream-leg";
import { callerRecording } from "../test/caller-audio";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const SECONDS = 60;
const ROUNDS = 7;
const STREAM_SID = `MZ${"0f".repeat(16)}`;

const speech48k = callerRecording("en-hours.wav");
const down = new Resampler(48000, 8000);
const speech8k = down.process(speech48k).slice();
down.dispose();
const speechCodes = muLawEncode(speech8k);
/** One second of Twilio's messages, as the socket delivers them (text). */
const inbound: string[] = [];
for (let i = 0; i < 50; i++) {
  const at = (i * 160) % (speechCodes.length - 160);
  const payload = Buffer.from(speechCodes.subarray(at, at + 160)).toString("base64");
  inbound.push(
    JSON.stringify({ event: "media", streamSid: STREAM_SID, media: { track: "inbound", payload } }),
  );
}
const outFrames: Int16Array[] = [];
for (let i = 0; i < 100; i++) outFrames.push(speech48k.slice(i * 480, i * 480 + 480));

/** Microseconds per call-second of the whole leg: parse, decode, resample, encode, send. */
function legRound(): number {
  let sent = 0;
  const leg = new TwilioStreamLeg({ send: () => sent++, close: () => {} });
  leg.receive({
    event: "start",
    streamSid: STREAM_SID,
    start: {
      accountSid: `AC${"a1".repeat(16)}`,
      callSid: `CA${"5e".repeat(16)}`,
      mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
    },
  });
  leg.on("audio", () => {});
  const started = performance.now();
  for (let s = 0; s < SECONDS; s++) {
    for (const text of inbound) {
      const message = readStreamMessage(text);
      if (message) leg.receive(message);
    }
    for (const frame of outFrames) leg.sendAudio(frame);
  }
  const elapsed = performance.now() - started;
  void leg.close();
  if (sent < SECONDS * 100) throw new Error("the leg sent less than expected");
  return (elapsed * 1000) / SECONDS;
}

/** Microseconds per call-second of the audio conversion alone, as the leg does it. */
function conversionRound(): number {
  const up = new Resampler(8000, 48000);
  const toPhone = new Resampler(48000, 8000);
  const codes = new Uint8Array(160);
  const chunk = new Int16Array(160);
  const inCodes = inbound.map((text) => Buffer.from(JSON.parse(text).media.payload, "base64"));
  const started = performance.now();
  for (let s = 0; s < SECONDS; s++) {
    for (const c of inCodes) up.process(muLawDecode(c));
    for (let i = 0; i < outFrames.length; i += 2) {
      chunk.set(toPhone.process(outFrames[i] as Int16Array), 0);
      chunk.set(toPhone.process(outFrames[i + 1] as Int16Array), 80);
      muLawEncode(chunk, codes);
    }
  }
  const elapsed = performance.now() - started;
  up.dispose();
  toPhone.dispose();
  return (elapsed * 1000) / SECONDS;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

legRound();
conversionRound();
const leg = median(Array.from({ length: ROUNDS }, legRound));
const conversion = median(Array.from({ length: ROUNDS }, conversionRound));
const rest = Math.max(0, leg - conversion);
const pct = (us: number) => `${((us / 1e6) * 100).toFixed(3)} %`;
const machine = thisMachine();
const rows = [
  ["whole leg (both ways)", leg],
  ["µ-law + 8 ↔ 48 kHz in the WASM core", conversion],
  ["JSON, base64, marks (left with `audio/pcmu`)", rest],
] as const;
const table = [
  "| per second of call | µs | share of one core |",
  "| --- | ---: | ---: |",
  ...rows.map(([what, us]) => `| ${what} | ${us.toFixed(0)} | ${pct(us)} |`),
].join("\n");
console.log(table);

const section = `## Phone calls (Twilio Media Streams)

\`bun bench/phone-stream.bench.ts\` on ${machine.cpuModel} (${machine.cores} cores, Bun ${machine.bunVersion}, ${machine.date}): one second of a phone call through
the Twilio leg, both ways (50 µ-law chunks in; 100 frames out as 50 chunks and 50 marks),
median of ${ROUNDS} rounds of ${SECONDS} call-seconds. On this shared machine the figures move by
about a third from run to run; the split between the rows holds roughly.

${table}

**Decision: convert in the WASM core.** Giving the model \`audio/pcmu\` directly would save
the conversion row, ${(conversion / 1000).toFixed(1)} ms of CPU per call-second here (next to the
${(leg / 1000).toFixed(1)} ms the whole leg costs, and the about 13 ms per call-second libwebrtc's
Opus encoder alone costs a WebRTC call under "Concurrent calls"), and the engine would lose the one
PCM format its playout, barge-in, recordings, transcripts and knowledge turns share. So the model
leg stays on 24 kHz PCM for every channel. Latency: the leg holds at most one 20 ms chunk of agent
audio (Twilio's chunk size) before sending it, and none of the caller's; Twilio's own network path
and jitter buffer cannot be measured here, so no phone latency figure beside the WebRTC ones under
"Latency" is claimed.
`;
const path = new URL("../BENCHMARKS.md", import.meta.url);
const current = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
writeFileSync(path, withSection(current, section));
