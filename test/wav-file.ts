import { readFileSync } from "node:fs";
import { readWavMono16 } from "../src/models/testing/caller-audio";
import { type RecordingName, recordingPath } from "./assets";

/** A caller recording from test/assets/audio (48 kHz mono PCM16). */
export function callerRecording(name: RecordingName): Int16Array {
  return readWavMono16(readFileSync(recordingPath(name)));
}
