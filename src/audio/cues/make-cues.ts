/**
 * Regenerates the working-on-it cues (`bun src/audio/cues/make-cues.ts`). Needs opusenc
 * (apt-get install -y opus-tools). The .ogg files are committed; run this only to change a cue.
 *
 * Both are synthesised here, deterministically: sine tones with a soft attack and an exponential
 * decay, quiet (peaks near -20 dBFS), with silence after them so that looping leaves a pause.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RATE = 48_000;

interface Tone {
  startMs: number;
  hz: number;
  lengthMs: number;
  peak: number;
}

function synthesise(periodMs: number, tones: Tone[]): Int16Array {
  const out = new Float64Array((RATE * periodMs) / 1000);
  for (const tone of tones) {
    const start = Math.round((tone.startMs * RATE) / 1000);
    const length = Math.round((tone.lengthMs * RATE) / 1000);
    for (let i = 0; i < length && start + i < out.length; i++) {
      const t = i / RATE;
      const attack = Math.min(1, i / (0.005 * RATE)); // 5 ms: no click at the start
      const decay = Math.exp((-5 * i) / length);
      const fade = Math.min(1, (length - i) / (0.01 * RATE)); // and none at the end
      // A quiet octave above gives the tone a bell-like colour.
      const wave = Math.sin(2 * Math.PI * tone.hz * t) + 0.25 * Math.sin(4 * Math.PI * tone.hz * t);
      out[start + i] = (out[start + i] ?? 0) + (tone.peak / 1.25) * attack * decay * fade * wave;
    }
  }
  return Int16Array.from(out, (x) => Math.round(Math.max(-1, Math.min(1, x)) * 32767));
}

function wav(pcm: Int16Array): Uint8Array {
  const bytes = new Uint8Array(44 + pcm.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + pcm.length * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, pcm.length * 2, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + i * 2, pcm[i] ?? 0, true);
  return bytes;
}

const CUES: Record<string, Int16Array> = {
  // Two notes, a fifth apart, then a pause: a loop every two seconds.
  chime: synthesise(2000, [
    { startMs: 0, hz: 660, lengthMs: 260, peak: 0.1 },
    { startMs: 180, hz: 990, lengthMs: 360, peak: 0.09 },
  ]),
  // A soft tick-tock, once a second.
  tick: synthesise(1000, [
    { startMs: 0, hz: 1400, lengthMs: 40, peak: 0.08 },
    { startMs: 500, hz: 1100, lengthMs: 40, peak: 0.07 },
  ]),
};

const dir = mkdtempSync(join(tmpdir(), "cues-"));
try {
  for (const [name, pcm] of Object.entries(CUES)) {
    const input = join(dir, `${name}.wav`);
    writeFileSync(input, wav(pcm));
    const out = new URL(`./${name}.ogg`, import.meta.url).pathname;
    const result = spawnSync("opusenc", ["--quiet", "--bitrate", "24", "--comp", "10", input, out]);
    if (result.status !== 0) throw new Error(`opusenc failed for ${name}: ${result.stderr}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
