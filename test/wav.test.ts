import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORDINGS_DIR } from "./assets";
import { encodeWav, parseWav, readWav, writeWav } from "./wav";

describe("WAV files", () => {
  test("every caller recording is 48 kHz mono 16-bit with seconds of audio", () => {
    const names = readdirSync(RECORDINGS_DIR).filter((name) => name.endsWith(".wav"));
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) {
      const wav = readWav(join(RECORDINGS_DIR, name));
      expect([name, wav.sampleRate, wav.channels]).toEqual([name, 48000, 1]);
      expect(wav.samples.length / 48000).toBeGreaterThan(2);
    }
  });

  test("writing and reading back keeps every sample and the format", () => {
    const dir = mkdtempSync(join(tmpdir(), "wav-"));
    try {
      const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321, 7]);
      writeWav(join(dir, "x.wav"), { sampleRate: 16000, channels: 2, samples });
      expect(readWav(join(dir, "x.wav"))).toEqual({ sampleRate: 16000, channels: 2, samples });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test("extra chunks before the data are skipped, and non-PCM files are refused", () => {
    const plain = encodeWav({ sampleRate: 48000, channels: 1, samples: Int16Array.from([5, -5]) });
    // Insert an odd-sized LIST chunk (padded to even) between fmt and data.
    const list = Uint8Array.from(
      [..."LIST"].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]),
    );
    const withList = new Uint8Array(plain.length + list.length);
    withList.set(plain.subarray(0, 36));
    withList.set(list, 36);
    withList.set(plain.subarray(36), 36 + list.length);
    expect(parseWav(withList).samples).toEqual(Int16Array.from([5, -5]));

    const float = plain.slice();
    float[20] = 3; // WAVE_FORMAT_IEEE_FLOAT
    expect(() => parseWav(float)).toThrow("only 16-bit PCM");
    expect(() => parseWav(new Uint8Array(10))).toThrow("not a RIFF/WAVE file");
  });
});
