import { readFileSync, writeFileSync } from "node:fs";

/** 16-bit PCM audio as a WAV file holds it: samples interleaved when channels > 1. */
export interface WavAudio {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;

/** Reads a 16-bit PCM WAV file (plain or WAVE_FORMAT_EXTENSIBLE); anything else throws. */
export function readWav(path: string): WavAudio {
  return parseWav(readFileSync(path));
}

/** Reads a WAV that must be 48 kHz mono, the format callers speak in these tests. */
export function readWav48kMono(path: string): Int16Array {
  const wav = readWav(path);
  if (wav.sampleRate !== 48000 || wav.channels !== 1) {
    throw new Error(
      `${path} is ${wav.sampleRate} Hz with ${wav.channels} channels, not 48 kHz mono`,
    );
  }
  return wav.samples;
}

export function parseWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let format: { channels: number; sampleRate: number } | null = null;
  // Chunks follow one another, each padded to an even length; fmt must come before data.
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") format = readFormat(view, body);
    if (id === "data") {
      if (!format) throw new Error("WAV data chunk before its fmt chunk");
      const end = Math.min(bytes.length, body + size);
      const samples = new Int16Array(Math.floor((end - body) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { ...format, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("WAV file has no data chunk");
}

function readFormat(view: DataView, at: number): { channels: number; sampleRate: number } {
  const audioFormat = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const bits = view.getUint16(at + 14, true);
  // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
  const format = audioFormat === EXTENSIBLE ? view.getUint16(at + 24, true) : audioFormat;
  if (format !== PCM || bits !== 16) {
    throw new Error(`only 16-bit PCM WAV is supported (format ${format}, ${bits} bits)`);
  }
  return { channels, sampleRate };
}

/** A canonical 44-byte-header PCM WAV of the audio. */
export function encodeWav({ sampleRate, channels, samples }: WavAudio): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const writeTag = (offset: number, text: string) => {
    for (let i = 0; i < 4; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  writeTag(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  writeTag(8, "WAVE");
  writeTag(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  writeTag(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return bytes;
}

export function writeWav(path: string, audio: WavAudio): void {
  writeFileSync(path, encodeWav(audio));
}
