import { expect, test } from "bun:test";
import { float32ToPcm16, pcm16FromBytes, pcm16ToBytes, pcm16ToFloat32 } from "./pcm";

const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

test("PCM16 -> float32 scales by 1/32768", () => {
  const floats = pcm16ToFloat32(Int16Array.of(0, 16384, -16384, 32767, -32768, 1));
  expect([...floats]).toEqual([0, 0.5, -0.5, 32767 / 32768, -1, 1 / 32768]);
});

test("every PCM16 value survives float32 and back (longer than one chunk)", () => {
  expect(float32ToPcm16(pcm16ToFloat32(ALL_SAMPLES))).toEqual(ALL_SAMPLES);
});

test("float32 -> PCM16 rounds to nearest and saturates instead of wrapping", () => {
  const pcm = float32ToPcm16(
    Float32Array.of(1, 1.5, -1, -7, 0.25, 100.4 / 32768, -100.6 / 32768, Number.NaN, 2.5 / 32768),
  );
  expect([...pcm]).toEqual([32767, 32767, -32768, -32768, 8192, 100, -101, 0, 2]);
});

test("odd lengths convert exactly and leave the rest of a caller's buffer alone", () => {
  const input = Int16Array.from({ length: 13 }, (_, i) => i * 1000 - 6000);
  const out = new Float32Array(16).fill(9);
  expect(pcm16ToFloat32(input, out)).toBe(out);
  expect([...out.subarray(0, 13)]).toEqual([...input].map((s) => s / 32768));
  expect([...out.subarray(13)]).toEqual([9, 9, 9]);
  expect(() => float32ToPcm16(new Float32Array(10), new Int16Array(9))).toThrow(RangeError);
});

test("PCM16 <-> little-endian bytes", () => {
  const bytes = Uint8Array.of(0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f, 0x42);
  const samples = pcm16FromBytes(bytes);
  expect([...samples]).toEqual([1, -1, -32768, 32767]);
  expect(pcm16ToBytes(samples)).toEqual(bytes.subarray(0, 8));
  // An unaligned source (odd byte offset) still decodes.
  expect([...pcm16FromBytes(bytes.subarray(1, 5))]).toEqual([-256, 255]);
});
