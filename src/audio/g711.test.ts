import { describe, expect, test } from "bun:test";
import { aLawDecode, aLawEncode, muLawDecode, muLawEncode } from "./g711";

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

function sine(length: number, amplitude: number): Int16Array {
  return Int16Array.from({ length }, (_, n) => Math.round(amplitude * Math.sin(n * 0.0731)));
}

function snrDb(original: Int16Array, decoded: Int16Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < original.length; i++) {
    const s = original[i] ?? 0;
    signal += s * s;
    noise += (s - (decoded[i] ?? 0)) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

describe("G.711 mu-law", () => {
  test("decodes codes to the ITU-T G.711 levels", () => {
    const levels = muLawDecode(Uint8Array.of(0x00, 0x01, 0x0f, 0x10, 0x70, 0x7e, 0x7f, 0x80, 0xff));
    expect([...levels]).toEqual([-32124, -31100, -16764, -15996, -120, -8, 0, 32124, 0]);
  });

  test("encodes known samples to their codes", () => {
    const codes = muLawEncode(Int16Array.of(0, -1, 32767, -32768, 988, -988, 8, -9));
    expect([...codes]).toEqual([0xff, 0x7f, 0x80, 0x00, 0xce, 0x4e, 0xfe, 0x7e]);
  });

  test("every code but negative zero survives decode then encode", () => {
    const again = muLawEncode(muLawDecode(ALL_CODES));
    for (const code of ALL_CODES) expect(again[code]).toBe(code === 0x7f ? 0xff : code);
  });

  test("round trip of all 65,536 samples is monotonic and within half a step", () => {
    const decoded = muLawDecode(muLawEncode(ALL_SAMPLES));
    for (let i = 1; i < decoded.length; i++) {
      expect(decoded[i] ?? 0).toBeGreaterThanOrEqual(decoded[i - 1] ?? 0);
    }
    // The top segment's steps are 1024 wide; past 32635 the encoder clips.
    for (let i = 0; i < ALL_SAMPLES.length; i++) {
      const x = ALL_SAMPLES[i] ?? 0;
      if (Math.abs(x) <= 32635) expect(Math.abs((decoded[i] ?? 0) - x)).toBeLessThanOrEqual(512);
    }
  });

  test("speech-level audio keeps telephone quality (SNR above 35 dB)", () => {
    const speech = sine(8000, 8000);
    expect(snrDb(speech, muLawDecode(muLawEncode(speech)))).toBeGreaterThan(35);
  });
});

describe("G.711 A-law", () => {
  test("decodes codes to the ITU-T G.711 levels", () => {
    const levels = aLawDecode(Uint8Array.of(0x00, 0x01, 0x2a, 0x55, 0xaa, 0xd5, 0x80));
    expect([...levels]).toEqual([-5504, -5248, -32256, -8, 32256, 8, 5504]);
  });

  test("encodes known samples to their codes", () => {
    const codes = aLawEncode(Int16Array.of(0, -1, 32767, -32768, 5504, -5504));
    expect([...codes]).toEqual([0xd5, 0x55, 0xaa, 0x2a, 0x80, 0x00]);
  });

  test("every code survives decode then encode", () => {
    expect(aLawEncode(aLawDecode(ALL_CODES))).toEqual(ALL_CODES);
  });

  test("round trip of all 65,536 samples is monotonic and within half a step", () => {
    const decoded = aLawDecode(aLawEncode(ALL_SAMPLES));
    for (let i = 1; i < decoded.length; i++) {
      expect(decoded[i] ?? 0).toBeGreaterThanOrEqual(decoded[i - 1] ?? 0);
    }
    for (let i = 0; i < ALL_SAMPLES.length; i++) {
      expect(Math.abs((decoded[i] ?? 0) - (ALL_SAMPLES[i] ?? 0))).toBeLessThanOrEqual(512);
    }
  });

  test("speech-level audio keeps telephone quality (SNR above 35 dB)", () => {
    const speech = sine(8000, 8000);
    expect(snrDb(speech, aLawDecode(aLawEncode(speech)))).toBeGreaterThan(35);
  });
});

test("encoders write into a caller's buffer and refuse one that is too small", () => {
  const pcm = sine(160, 3000);
  const out = new Uint8Array(200).fill(7);
  expect(muLawEncode(pcm, out)).toBe(out);
  expect(out.subarray(0, 160)).toEqual(muLawEncode(pcm));
  expect(out[160]).toBe(7);
  expect(() => aLawEncode(pcm, new Uint8Array(100))).toThrow(RangeError);
});
