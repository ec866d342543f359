import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordingName } from "../assets";
import { callerRecording } from "../caller-audio";

const RATE = 48_000;

/**
 * Writes a caller recording followed by `silenceMs` of silence as a 48 kHz mono PCM16
 * WAV for Chromium's `--use-file-for-fake-audio-capture`. Chromium loops that file; the long
 * gap keeps one held press of "Hold to talk" to one caller utterance.
 */
export function writeFakeMicrophoneWav(
  dir: string,
  recording: RecordingName,
  silenceMs: number,
): string {
  const speech = callerRecording(recording);
  const samples = new Int16Array(speech.length + (silenceMs * RATE) / 1000);
  samples.set(speech);
  const path = join(dir, `mic-${recording}`);
  writeFileSync(path, wavBytes(samples));
  return path;
}

/**
 * Writes `leadSilenceMs` of silence, then `speechMs` of a voice-like sound (a 140 Hz buzz with
 * its harmonics, rising and falling four times a second like syllables), as a 48 kHz mono PCM16
 * WAV for Chromium's fake microphone. Any voice activity detector takes it for speech; it needs
 * no recording, and the lead silence lets the agent's greeting finish before the caller speaks.
 */
export function writeSpeechLikeWav(dir: string, leadSilenceMs: number, speechMs: number): string {
  const lead = (leadSilenceMs * RATE) / 1000;
  const samples = new Int16Array(lead + (speechMs * RATE) / 1000);
  for (let i = lead; i < samples.length; i++) {
    const t = (i - lead) / RATE;
    let buzz = 0;
    for (let harmonic = 1; harmonic <= 8; harmonic++) {
      buzz += Math.sin(2 * Math.PI * 140 * harmonic * t) / harmonic;
    }
    const syllables = 0.5 * (1 - Math.cos(2 * Math.PI * 4 * t));
    samples[i] = Math.round(0.25 * buzz * syllables * 32767);
  }
  const path = join(dir, `mic-speech-like-${leadSilenceMs}-${speechMs}.wav`);
  writeFileSync(path, wavBytes(samples));
  return path;
}

function wavBytes(samples: Int16Array): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  text(36, "data");
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return out;
}
