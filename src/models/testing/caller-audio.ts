import { readFileSync } from "node:fs";
import { type RecordingName, recordingPath } from "../../../test/assets";

/**
 * Caller audio for model tests, at the model's 24 kHz. The recordings are 48 kHz mono WAV;
 * they are decimated by two with a two-tap average here, so these tests do not depend on the
 * audio core's resampler (good enough for VAD and levels, not for listening).
 */
export function recordingAt24k(name: RecordingName): Int16Array {
  return decimateByTwo(readWavMono16(readFileSync(recordingPath(name))));
}

/** The samples of a PCM16 mono WAV file (the `data` chunk, wherever it sits). */
export function readWavMono16(bytes: Uint8Array): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("not a WAV file");
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const size = view.getUint32(offset + 4, true);
    if (tag(offset) === "fmt ") {
      const channels = view.getUint16(offset + 10, true);
      const bits = view.getUint16(offset + 22, true);
      if (channels !== 1 || bits !== 16) throw new Error("expected 16-bit mono WAV");
    }
    if (tag(offset) === "data") {
      const out = new Int16Array(size >> 1);
      new Uint8Array(out.buffer).set(bytes.subarray(offset + 8, offset + 8 + out.length * 2));
      return out;
    }
    offset += 8 + size + (size & 1);
  }
  throw new Error("WAV without data chunk");
}

export function decimateByTwo(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length >> 1);
  for (let i = 0; i < out.length; i++) {
    out[i] = ((pcm[2 * i] ?? 0) + (pcm[2 * i + 1] ?? 0)) >> 1;
  }
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(ms * 24);
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Calls `send` with consecutive frames of `frameMs` (20 ms by default). */
export function inFrames(pcm: Int16Array, send: (frame: Int16Array) => void, frameMs = 20): void {
  const size = frameMs * 24;
  for (let at = 0; at < pcm.length; at += size) send(pcm.subarray(at, at + size));
}
