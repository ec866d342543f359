/** PCM16 mono audio as a WAV file (RIFF, 44-byte header), as transcription endpoints take it. */
export function wavFromPcm16(pcm: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = pcm.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + i * 2, pcm[i] ?? 0, true);
  return out;
}

/** Reads a PCM16 mono WAV back; null when it is not one. */
export function pcm16FromWav(bytes: Uint8Array): { pcm: Int16Array; sampleRate: number } | null {
  if (bytes.length < 44) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (text(0) !== "RIFF" || text(8) !== "WAVE") return null;
  let at = 12;
  let sampleRate = 0;
  let pcmFormat = false;
  while (at + 8 <= bytes.length) {
    const id = text(at);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") {
      pcmFormat =
        view.getUint16(at + 8, true) === 1 &&
        view.getUint16(at + 10, true) === 1 &&
        view.getUint16(at + 22, true) === 16;
      sampleRate = view.getUint32(at + 12, true);
    } else if (id === "data") {
      if (!pcmFormat) return null;
      const end = Math.min(bytes.length, at + 8 + size);
      const samples = Math.floor((end - at - 8) / 2);
      const pcm = new Int16Array(samples);
      for (let i = 0; i < samples; i++) pcm[i] = view.getInt16(at + 8 + i * 2, true);
      return { pcm, sampleRate };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}
