import { type RecordingName, recordingPath } from "./assets";
import { readWav48kMono } from "./wav";

/** A caller recording from test/assets/audio, as recorded: 48 kHz mono PCM16. */
export function callerRecording(name: RecordingName): Int16Array {
  return readWav48kMono(recordingPath(name));
}

/**
 * Caller audio for model tests, at the model's 24 kHz. The recordings are 48 kHz mono WAV;
 * they are decimated by two with a two-tap average here, so these tests do not depend on the
 * audio core's resampler (good enough for VAD and levels, not for listening).
 */
export function recordingAt24k(name: RecordingName): Int16Array {
  return decimateByTwo(callerRecording(name));
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
