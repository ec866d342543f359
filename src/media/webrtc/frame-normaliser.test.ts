import { describe, expect, test } from "bun:test";
import { measureLevels } from "../../audio/levels";
import { FrameNormaliser } from "./frame-normaliser";
import type { AudioData } from "./wrtc";

function sine(rate: number, samples: number, channels = 1, start = 0): Int16Array {
  const out = new Int16Array(samples * channels);
  for (let i = 0; i < samples; i++) {
    const value = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (start + i)) / rate));
    for (let c = 0; c < channels; c++) out[i * channels + c] = c === 0 ? value : value / 2;
  }
  return out;
}

function chunk(samples: Int16Array, sampleRate: number, channelCount = 1): AudioData {
  const numberOfFrames = samples.length / channelCount;
  return { samples, sampleRate, bitsPerSample: 16, channelCount, numberOfFrames };
}

/** Collects copies of every frame and the arrays they came in. */
function collector() {
  const frames: Int16Array[] = [];
  const arrays: Int16Array[] = [];
  const normaliser = new FrameNormaliser((frame) => {
    frames.push(frame.slice());
    arrays.push(frame);
  });
  return { frames, arrays, normaliser };
}

describe("sink audio normalised to 10 ms frames of 48 kHz mono", () => {
  test("48 kHz mono 10 ms chunks pass through untouched, without a copy", () => {
    const { frames, arrays, normaliser } = collector();
    const input = sine(48000, 480);
    normaliser.push(chunk(input, 48000));
    expect(frames).toEqual([input]);
    expect(arrays[0]).toBe(input);
  });

  test("stereo is averaged to mono", () => {
    const { frames, normaliser } = collector();
    normaliser.push(chunk(sine(48000, 480, 2), 48000, 2));
    const expected = sine(48000, 480).map((v) => Math.round((v + Math.trunc(v / 2)) / 2));
    expect(frames).toEqual([expected]);
  });

  test("chunks of any size are re-cut into 480-sample frames in order, in one reused buffer", () => {
    const { frames, arrays, normaliser } = collector();
    const input = sine(48000, 480 * 5);
    for (const [from, to] of [
      [0, 441],
      [441, 1000],
      [1000, 1900],
      [1900, 2400],
    ] as const) {
      normaliser.push(chunk(input.slice(from, to), 48000));
    }
    expect(frames.map((f) => f.length)).toEqual([480, 480, 480, 480, 480]);
    const joined: Int16Array = new Int16Array(2400);
    for (const [i, frame] of frames.entries()) joined.set(frame, i * 480);
    expect(joined).toEqual(input);
    expect(new Set(arrays).size).toBe(1);
  });

  test("16 kHz (the decoder's first frames) becomes 48 kHz with the same level, then 48 kHz follows", () => {
    const { frames, arrays, normaliser } = collector();
    for (let i = 0; i < 20; i++) normaliser.push(chunk(sine(16000, 160, 1, i * 160), 16000));
    for (let i = 0; i < 5; i++) normaliser.push(chunk(sine(48000, 480, 1, i * 480), 48000));
    expect(frames).toHaveLength(25);
    expect(new Set(frames.map((f) => f.length))).toEqual(new Set([480]));
    const source = measureLevels(sine(16000, 160)).rmsDbfs;
    expect(Math.abs(measureLevels(frames[10] as Int16Array).rmsDbfs - source)).toBeLessThan(0.5);
    // The resampled frames all come in the resampler's one reused output buffer.
    expect(new Set(arrays.slice(0, 20)).size).toBe(1);
    normaliser.dispose();
  });

  test("audio it cannot convert is counted and dropped, not passed on", () => {
    const { frames, normaliser } = collector();
    normaliser.push(chunk(sine(44100, 441), 44100));
    normaliser.push({ ...chunk(sine(48000, 480), 48000), bitsPerSample: 8 });
    normaliser.push({ ...chunk(sine(48000, 480), 48000), numberOfFrames: 960 });
    expect(frames).toHaveLength(0);
    expect(normaliser.dropped).toBe(3);
  });
});
