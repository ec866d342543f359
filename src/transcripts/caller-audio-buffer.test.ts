import { describe, expect, test } from "bun:test";
import { CallerAudioBuffer } from "./caller-audio-buffer";
import { pcm16FromWav, wavFromPcm16 } from "./wav";

/** Writes frames 10 ms apart on the call clock from `fromMs`. */
function writeAll(buffer: CallerAudioBuffer, list: Int16Array[], fromMs: number): void {
  for (const [i, frame] of list.entries()) buffer.write(frame, fromMs + i * 10);
}

/** 10 ms frames at 24 kHz whose samples count up, so a clip shows where it came from. */
function frames(count: number, firstSample = 0): Int16Array[] {
  return Array.from({ length: count }, (_, f) =>
    Int16Array.from({ length: 240 }, (_, i) => (firstSample + f * 240 + i) % 32_000),
  );
}

describe("the caller audio buffer", () => {
  test("holds at most its capacity, allocating only what the call has used", () => {
    const buffer = new CallerAudioBuffer(24_000, 3000);
    writeAll(buffer, frames(50), 0);
    expect(buffer.allocatedBytes).toBe(48_000); // half a second used: one 1 s block
    writeAll(buffer, frames(1000, 50 * 240), 500);
    expect(buffer.heldSamples).toBe(3 * 24_000);
    expect(buffer.allocatedBytes).toBe(3 * 48_000);
    // Ten seconds written: the first seven are gone, the last three are still there.
    expect(buffer.clip(0, 100)).toBeNull();
    const recent = buffer.clip(9000, 9100);
    expect(recent?.length).toBe(2400);
    expect(recent?.[0]).toBe((9000 * 24) % 32_000);
  });

  test("maps the model's input times to the call clock across gaps and new sessions", () => {
    const buffer = new CallerAudioBuffer();
    // One second sent from call time 2000 ms, nothing while the caller was muted, then more at 5000.
    writeAll(buffer, frames(100), 2000);
    writeAll(buffer, frames(100, 24_000), 5000);
    expect(buffer.callMsAt(500)).toBe(2500);
    expect(buffer.callMsAt(1500)).toBe(5500);
    // Arrival jitter under 20 ms does not move the audio's place on the clock.
    buffer.write(frames(1, 48_000)[0] as Int16Array, 6015);
    expect(buffer.callMsAt(2000)).toBe(6000);
    // A frame 40 ms late is placed where it came; the burst that catches up is placed back on time.
    buffer.write(frames(1, 48_240)[0] as Int16Array, 6050);
    expect(buffer.callMsAt(2010)).toBe(6050);
    buffer.write(frames(1, 48_480)[0] as Int16Array, 6030);
    expect(buffer.callMsAt(2020)).toBe(6030);
    // A reconnected session counts its input from zero again.
    buffer.newModelSession();
    writeAll(buffer, frames(50, 0), 9000);
    expect(buffer.callMsAt(0)).toBe(9000);
    expect(buffer.callMsAt(250)).toBe(9250);
    expect(buffer.clip(0, 100)?.[0]).toBe(0);
  });

  test("a clip round-trips through WAV", () => {
    const pcm = Int16Array.from(frames(3).flatMap((f) => [...f]));
    const wav = wavFromPcm16(pcm, 24_000);
    expect(wav.length).toBe(44 + pcm.length * 2);
    const back = pcm16FromWav(wav);
    expect(back?.sampleRate).toBe(24_000);
    expect(back?.pcm).toEqual(pcm);
    expect(pcm16FromWav(new Uint8Array(10))).toBeNull();
  });
});
