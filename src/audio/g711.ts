// G.711 mu-law (PCMU) and A-law (PCMA) encode and decode, one byte per sample, through the
// WASM core. Each function writes into `output` (a new array by default; pass one to reuse it)
// and returns it; only the first input.length entries of a longer output are written.

import { audioCore, chunkOf, SCRATCH_SAMPLES } from "./wasm-core";

type Kernel = "muLawEncode" | "aLawEncode" | "muLawDecode" | "aLawDecode";

export function muLawEncode(
  pcm: Int16Array,
  output: Uint8Array<ArrayBuffer> = new Uint8Array(pcm.length),
): Uint8Array<ArrayBuffer> {
  return encode("muLawEncode", pcm, output);
}

export function aLawEncode(
  pcm: Int16Array,
  output: Uint8Array<ArrayBuffer> = new Uint8Array(pcm.length),
): Uint8Array<ArrayBuffer> {
  return encode("aLawEncode", pcm, output);
}

export function muLawDecode(
  codes: Uint8Array,
  output: Int16Array<ArrayBuffer> = new Int16Array(codes.length),
): Int16Array<ArrayBuffer> {
  return decode("muLawDecode", codes, output);
}

export function aLawDecode(
  codes: Uint8Array,
  output: Int16Array<ArrayBuffer> = new Int16Array(codes.length),
): Int16Array<ArrayBuffer> {
  return decode("aLawDecode", codes, output);
}

function encode(
  kernel: Kernel,
  pcm: Int16Array,
  output: Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> {
  checkRoom(pcm.length, output.length);
  const { exports, scratchA, scratchB } = audioCore();
  for (let offset = 0; offset < pcm.length; offset += SCRATCH_SAMPLES) {
    const count = Math.min(SCRATCH_SAMPLES, pcm.length - offset);
    scratchA.i16.get(count).set(chunkOf(pcm, offset, count));
    exports[kernel](scratchA.ptr, scratchB.ptr, count);
    output.set(scratchB.u8.get(count), offset);
  }
  return output;
}

function decode(
  kernel: Kernel,
  codes: Uint8Array,
  output: Int16Array<ArrayBuffer>,
): Int16Array<ArrayBuffer> {
  checkRoom(codes.length, output.length);
  const { exports, scratchA, scratchB } = audioCore();
  for (let offset = 0; offset < codes.length; offset += SCRATCH_SAMPLES) {
    const count = Math.min(SCRATCH_SAMPLES, codes.length - offset);
    scratchA.u8.get(count).set(chunkOf(codes, offset, count));
    exports[kernel](scratchA.ptr, scratchB.ptr, count);
    output.set(scratchB.i16.get(count), offset);
  }
  return output;
}

function checkRoom(inputLength: number, outputLength: number): void {
  if (outputLength < inputLength) {
    throw new RangeError(`output holds ${outputLength} samples, input has ${inputLength}`);
  }
}
