import { expect, test } from "bun:test";
import { pcmFromBase64, pcmToBase64 } from "./pcm-base64";

test("samples survive the base64 round trip, including a view into a larger buffer", () => {
  const whole = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]);
  const view = whole.subarray(1, 6);
  expect(Array.from(pcmFromBase64(pcmToBase64(view)))).toEqual([1, -1, 32767, -32768, 1234]);
});

test("bytes are little-endian on the wire", () => {
  expect(pcmToBase64(Int16Array.from([0x0102]))).toBe(Buffer.from([0x02, 0x01]).toString("base64"));
});
