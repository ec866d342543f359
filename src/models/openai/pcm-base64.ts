/**
 * PCM16 samples <-> the base64 strings the realtime API carries them in. Samples are
 * little-endian on the wire, as they are in memory on every platform this runs on.
 */
export function pcmToBase64(pcm: Int16Array): string {
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString("base64");
}

export function pcmFromBase64(text: string): Int16Array {
  const bytes = Buffer.from(text, "base64");
  // Copy: a decoded Buffer may sit at an odd offset in a shared pool.
  const out = new Int16Array(bytes.length >> 1);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
  return out;
}
