import { readFile } from "node:fs/promises";
import { decodeOggOpus } from "../../audio/ogg-opus";

/** A spoken reply the simulator can play: its words and its audio (PCM16 mono 24 kHz). */
export interface VoiceLine {
  name: string;
  text: string;
  pcm: Int16Array;
}

export type VoiceLines = ReadonlyMap<string, VoiceLine>;

const VOICE_DIR = new URL("./voice/", import.meta.url);

/**
 * Loads the bundled lines (`voice/lines.tsv`: name<TAB>text, one `<name>.ogg` each, made by
 * `voice/make-voice-lines.sh`) and decodes them once, at simulator start.
 */
export async function loadVoiceLines(): Promise<VoiceLines> {
  const table = await readFile(new URL("lines.tsv", VOICE_DIR), "utf8");
  const lines = new Map<string, VoiceLine>();
  for (const row of table.split("\n")) {
    const [name, text] = row.split("\t");
    if (!name || !text) continue;
    const bytes = await readFile(new URL(`${name}.ogg`, VOICE_DIR));
    lines.set(name, { name, text, pcm: await decodeOggOpus(new Uint8Array(bytes), 24000) });
  }
  if (lines.size === 0) throw new Error("simulator: no voice lines found");
  return lines;
}

let shared: Promise<VoiceLines> | null = null;

/** The bundled lines, decoded once per process for every simulator in it. */
export function sharedVoiceLines(): Promise<VoiceLines> {
  shared ??= loadVoiceLines();
  return shared;
}
