import { readFileSync } from "node:fs";
import { readWavMono16 } from "../src/models/testing/caller-audio";

/** A caller recording from ../shared/audio (48 kHz mono PCM16). */
export function sharedRecording(name: string): Int16Array {
  return readWavMono16(readFileSync(new URL(`../../shared/audio/${name}`, import.meta.url)));
}
