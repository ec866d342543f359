import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { demuxOggOpus } from "./ogg-opus";
import { intactPages, oggPage, opusHeadPacket, opusTagsPacket, withEndOfStream } from "./ogg-pages";

const external = new Uint8Array(
  readFileSync(join(import.meta.dir, "../models/simulator/voice/greeting.ogg")),
);

describe("Ogg pages", () => {
  test("the CRC agrees with another encoder's: every page of an existing file reads as intact", () => {
    const pages = intactPages(external);
    expect(pages.length).toBeGreaterThan(2);
    const last = pages.at(-1);
    expect((last?.offset ?? 0) + (last?.length ?? 0)).toBe(external.length);
    expect(pages[0]?.bos).toBe(true);
    expect(last?.eos).toBe(true);
  });

  test("pages written here read back: packets, granules, flags; a damaged page stops the reading", () => {
    const head = oggPage([opusHeadPacket(2, 312, 48000)], {
      serial: 9,
      sequence: 0,
      granule: 0,
      bos: true,
    });
    const tags = oggPage([opusTagsPacket("test", ["A=b"])], { serial: 9, sequence: 1, granule: 0 });
    const big = new Uint8Array(600).fill(7); // spans three lacing values
    const audio = oggPage([new Uint8Array([1, 2, 3]), big], {
      serial: 9,
      sequence: 2,
      granule: 1272,
    });
    const file = new Uint8Array([...head, ...tags, ...audio]);
    const pages = intactPages(file);
    expect(pages.map((p) => [p.sequence, p.granule, p.bos, p.eos])).toEqual([
      [0, 0, true, false],
      [1, 0, false, false],
      [2, 1272, false, false],
    ]);
    const demuxed = demuxOggOpus(file);
    expect(demuxed.head).toEqual({ channels: 2, preSkip: 312, mappingFamily: 0 });
    expect(demuxed.packets.map((p) => p.length)).toEqual([3, 600]);
    expect(demuxed.finalGranule).toBe(1272);

    const closed = withEndOfStream(file, pages[2] as (typeof pages)[number], 960);
    expect(intactPages(closed)[0]).toMatchObject({ eos: true, granule: 960 });
    const damaged = file.slice();
    damaged[file.length - 5] = (damaged[file.length - 5] ?? 0) ^ 0xff;
    expect(intactPages(damaged)).toHaveLength(2);
    expect(intactPages(file.subarray(0, file.length - 1))).toHaveLength(2);
  });
});
