import { readFile } from "node:fs/promises";
import { WORKING_CUES, type WorkingCueSound } from "../domain/agent-config";
import { decodeOggOpus } from "./ogg-opus";

const CUE_DIR = new URL("./cues/", import.meta.url);

/**
 * The working-on-it cues (`cues/<name>.ogg`, made by `cues/make-cues.ts`), decoded once at
 * start-up to the media rate (48 kHz mono). They are stored at their playing level.
 */
export async function loadWorkingCues(): Promise<Map<WorkingCueSound, Int16Array>> {
  const cues = new Map<WorkingCueSound, Int16Array>();
  for (const name of WORKING_CUES) {
    const bytes = await readFile(new URL(`${name}.ogg`, CUE_DIR));
    cues.set(name, await decodeOggOpus(new Uint8Array(bytes), 48_000));
  }
  return cues;
}
