// One Opus encoder candidate, measured in a process of its own (so startup and memory are its
// alone): `bun bench/recording/encoder-candidate.ts <name>` prints one JSON line.
// Stereo 48 kHz, 20 ms frames, VoIP application, 32 kbit/s: what a call recording uses.

import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readWav48kMono } from "../../test/wav";

const require = createRequire(import.meta.url);
const RATE = 48000;
const FRAME = 960; // 20 ms per channel
const BITRATE = 32000;
const AUDIO_SECONDS = 120;
const ENCODERS_FOR_MEMORY = 100;

/** libopus's complexity, 0-10; its default (10) unless given. */
const COMPLEXITY = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const OPUS_SET_COMPLEXITY = 4010;

type Encode = (interleaved: Int16Array) => Uint8Array;
interface Candidate {
  /** Loads the library and returns a factory of stereo encoders. */
  load(): () => { encode: Encode; free(): void };
}

const CANDIDATES: Record<string, Candidate> = {
  "evan-wasm": { load: () => evan() },
  "evan-native": { load: () => evan() },
  "opusscript-wasm": { load: () => opusscript(true) },
  "opusscript-asmjs": { load: () => opusscript(false) },
  "discordjs-native": { load: () => discordjs() },
};

function evan() {
  // OPUS_FORCE_WASM is read when the library loads; the parent sets it for evan-wasm.
  const { Encoder } = require("@evan/opus");
  return () => {
    const e = new Encoder({ channels: 2, sample_rate: RATE, application: "voip" });
    e.bitrate = BITRATE;
    if (COMPLEXITY !== undefined) e.complexity = COMPLEXITY;
    return { encode: (pcm: Int16Array) => e.encode(pcm), free: () => e.drop?.() };
  };
}

function opusscript(wasm: boolean) {
  const OpusScript = require("opusscript");
  return () => {
    const e = new OpusScript(RATE, 2, OpusScript.Application.VOIP, { wasm });
    e.setBitrate(BITRATE);
    if (COMPLEXITY !== undefined) e.encoderCTL(OPUS_SET_COMPLEXITY, COMPLEXITY);
    return {
      encode: (pcm: Int16Array) =>
        e.encode(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), FRAME),
      free: () => e.delete(),
    };
  };
}

function discordjs() {
  // Its loader looks for a build named after Node's ABI; Bun loads the N-API module as it is.
  const root = join(dirname(require.resolve("@discordjs/opus/package.json")), "prebuild");
  const [folder] = readdirSync(root);
  if (!folder) throw new Error("@discordjs/opus has no prebuilt binary");
  const { OpusEncoder } = require(join(root, folder, "opus.node"));
  return () => {
    const e = new OpusEncoder(RATE, 2);
    e.setBitrate(BITRATE);
    if (COMPLEXITY !== undefined) e.applyEncoderCTL(OPUS_SET_COMPLEXITY, COMPLEXITY);
    return {
      encode: (pcm: Int16Array) =>
        e.encode(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength)),
      free: () => {},
    };
  };
}

/** Caller speech on the left, the same speech a second later on the right, looped. */
function stereoSpeech(seconds: number): Int16Array {
  const mono = readWav48kMono(join(import.meta.dir, "../../test/assets/audio/en-hours.wav"));
  const out = new Int16Array(seconds * RATE * 2);
  for (let i = 0; i < seconds * RATE; i++) {
    out[2 * i] = mono[i % mono.length] ?? 0;
    out[2 * i + 1] = mono[(i + RATE) % mono.length] ?? 0;
  }
  return out;
}

const name = process.argv[2] ?? "";
const candidate = CANDIDATES[name];
if (!candidate) throw new Error(`unknown candidate ${name}`);
const audio = stereoSpeech(AUDIO_SECONDS);
Bun.gc(true);
const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const create = candidate.load();
const first = create();
first.encode(audio.subarray(0, FRAME * 2));
const startupMs = performance.now() - loadStart;

const cpuStart = process.cpuUsage();
const wallStart = performance.now();
let bytes = 0;
for (let at = 0; at + FRAME * 2 <= audio.length; at += FRAME * 2) {
  bytes += first.encode(audio.subarray(at, at + FRAME * 2)).length;
}
const cpu = process.cpuUsage(cpuStart);
const wallMs = performance.now() - wallStart;

Bun.gc(true);
const rssOne = process.memoryUsage().rss;
// Created only: opusscript's views into its heap go stale when the heap grows.
const many = Array.from({ length: ENCODERS_FOR_MEMORY }, () => create());
Bun.gc(true);
const rssMany = process.memoryUsage().rss;
for (const e of many) e.free();

console.log(
  JSON.stringify({
    name,
    complexity: COMPLEXITY ?? 10,
    startupMs,
    cpuMsPerAudioSecond: (cpu.user + cpu.system) / 1000 / AUDIO_SECONDS,
    wallMsPerAudioSecond: wallMs / AUDIO_SECONDS,
    kbitPerSecond: (bytes * 8) / 1000 / AUDIO_SECONDS,
    rssAfterLoadMb: (rssOne - rssBefore) / 1048576,
    kbPerEncoder: (rssMany - rssOne) / 1024 / ENCODERS_FOR_MEMORY,
  }),
);
