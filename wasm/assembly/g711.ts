// ITU-T G.711 companding from and to 16-bit linear PCM: mu-law (segment encoding of a biased
// magnitude, code inverted) and A-law (segment encoding of a 12-bit magnitude, even bits
// inverted). Negative inputs take the one's complement, as in the ITU-T G.191 reference code,
// so each half of the code space mirrors the other exactly.

const MU_BIAS: i32 = 0x84;
const MU_CLIP: i32 = 32635;

export function muLawEncodeSample(sample: i32): u8 {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = min(sample < 0 ? ~sample : sample, MU_CLIP) + MU_BIAS;
  // The biased magnitude lies in [2^7, 2^15): its top bit picks one of 8 segments.
  const segment = 24 - <i32>clz(magnitude);
  const mantissa = (magnitude >> (segment + 3)) & 0x0f;
  return <u8>(~(sign | (segment << 4) | mantissa) & 0xff);
}

export function muLawDecodeSample(code: i32): i32 {
  const bits = ~code & 0xff;
  const segment = (bits >> 4) & 0x07;
  const magnitude = ((((bits & 0x0f) << 3) + MU_BIAS) << segment) - MU_BIAS;
  return bits & 0x80 ? -magnitude : magnitude;
}

export function aLawEncodeSample(sample: i32): u8 {
  const linear = sample >> 3;
  const invert = linear >= 0 ? 0xd5 : 0x55;
  const magnitude = linear >= 0 ? linear : ~linear;
  // Segment 0 spans [0, 32), then each segment doubles: [32, 64) is 1 ... [2048, 4096) is 7.
  const segment = magnitude < 32 ? 0 : 27 - <i32>clz(magnitude);
  const mantissa = (segment < 2 ? magnitude >> 1 : magnitude >> segment) & 0x0f;
  return <u8>(((segment << 4) | mantissa) ^ invert);
}

export function aLawDecodeSample(code: i32): i32 {
  const bits = (code ^ 0x55) & 0xff;
  const segment = (bits >> 4) & 0x07;
  // The decoded value sits in the middle of its quantisation step.
  let magnitude = ((bits & 0x0f) << 4) + 8;
  if (segment > 0) magnitude += 0x100;
  if (segment > 1) magnitude <<= segment - 1;
  return bits & 0x80 ? magnitude : -magnitude;
}

export function muLawEncode(input: usize, output: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    store<u8>(output + <usize>i, muLawEncodeSample(load<i16>(input + <usize>i * 2)));
  }
}

export function muLawDecode(input: usize, output: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    store<i16>(output + <usize>i * 2, <i16>muLawDecodeSample(load<u8>(input + <usize>i)));
  }
}

export function aLawEncode(input: usize, output: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    store<u8>(output + <usize>i, aLawEncodeSample(load<i16>(input + <usize>i * 2)));
  }
}

export function aLawDecode(input: usize, output: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    store<i16>(output + <usize>i * 2, <i16>aLawDecodeSample(load<u8>(input + <usize>i)));
  }
}
