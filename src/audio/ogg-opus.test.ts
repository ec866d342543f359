import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { decodeOggOpus, demuxOggOpus } from "./ogg-opus";

// A committed simulator voice line; `opusinfo` reports "Playback length: 0m:03.970s" for it
// (whole milliseconds, truncated), so the true length lies in [3.970 s, 3.971 s).
const GREETING = new URL("../models/simulator/voice/greeting.ogg", import.meta.url);
const GREETING_MS = 3970;

function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / pcm.length) / 32768;
}

describe("decodeOggOpus", () => {
  test("decodes a voice line to its exact playback length at 24 kHz and 48 kHz", async () => {
    const bytes = new Uint8Array(readFileSync(GREETING));
    const at24k = await decodeOggOpus(bytes, 24000);
    const at48k = await decodeOggOpus(bytes, 48000);
    expect(at24k.length).toBeGreaterThanOrEqual(GREETING_MS * 24);
    expect(at24k.length).toBeLessThan((GREETING_MS + 1) * 24);
    expect(Math.abs(at48k.length - at24k.length * 2)).toBeLessThanOrEqual(1);
  });

  test("the decoded speech is audible, not silence", async () => {
    const pcm = await decodeOggOpus(new Uint8Array(readFileSync(GREETING)), 24000);
    expect(rms(pcm)).toBeGreaterThan(0.02);
  });

  test("rejects bytes that are not Ogg", async () => {
    await expect(decodeOggOpus(new Uint8Array(64), 24000)).rejects.toThrow(/Ogg/);
  });
});

/** Builds one Ogg page (checksum left zero: the demuxer does not verify it). */
function oggPage(lacing: number[], body: Uint8Array, granule: bigint, continued: boolean) {
  const page = new Uint8Array(27 + lacing.length + body.length);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53]);
  view.setUint8(5, continued ? 1 : 0);
  view.setBigInt64(6, granule, true);
  view.setUint8(26, lacing.length);
  page.set(lacing, 27);
  page.set(body, 27 + lacing.length);
  return page;
}

describe("demuxOggOpus", () => {
  test("joins a packet that continues onto the next page", () => {
    const head = new Uint8Array(19);
    head.set(new TextEncoder().encode("OpusHead"));
    head[8] = 1; // version
    head[9] = 1; // mono
    new DataView(head.buffer).setUint16(10, 312, true);
    const tags = new TextEncoder().encode("OpusTags");
    const big = new Uint8Array(300).map((_, i) => i % 251);
    // Page 2 carries tags and the first 255 bytes of `big`; page 3 its last 45 bytes.
    const first = oggPage([19], head, 0n, false);
    const second = oggPage(
      [8, 255],
      new Uint8Array([...tags, ...big.subarray(0, 255)]),
      -1n,
      false,
    );
    const third = oggPage([45], big.subarray(255), 1272n, true);
    const parsed = demuxOggOpus(new Uint8Array([...first, ...second, ...third]));
    expect(parsed.head).toEqual({ channels: 1, preSkip: 312, mappingFamily: 0 });
    expect(parsed.packets).toHaveLength(1);
    expect(Array.from(parsed.packets[0] ?? [])).toEqual(Array.from(big));
    expect(parsed.finalGranule).toBe(1272);
  });
});
