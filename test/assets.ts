import { fileURLToPath } from "node:url";

/**
 * The files tests and benchmarks read, all inside the repository: caller recordings (48 kHz
 * mono PCM16 WAV) and webhook bodies shaped as the providers send them.
 */
export type RecordingName = "en-hours.wav" | "en-goodbye.wav";

const AUDIO_DIR = new URL("./assets/audio/", import.meta.url);
export const FIXTURES_DIR = new URL("./assets/fixtures/", import.meta.url);

/** The file path of a caller recording. */
export function recordingPath(name: RecordingName): string {
  return fileURLToPath(new URL(name, AUDIO_DIR));
}

/** The folder holding every caller recording. */
export const RECORDINGS_DIR = fileURLToPath(AUDIO_DIR);

/** A small knowledge corpus (a dental clinic, a restaurant, a hardware shop) with questions. */
export const KNOWLEDGE_DIR = fileURLToPath(new URL("./assets/knowledge/", import.meta.url));
