import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeOggOpusChannels } from "../audio/ogg-opus";
import { intactPages } from "../audio/ogg-pages";
import { FileBlobStore } from "../blobs/file-blob-store";
import { memoryLogger } from "../log/logger";
import { MEDIA_FRAME_SAMPLES } from "../media/media-leg";
import { CallRecordingStore } from "../store/call-recordings";
import { openDb } from "../store/db";
import type { RecordingEncoders } from "./encoders";
import { finishRecording } from "./finish-recording";
import { InlineEncoders } from "./inline-encoders";
import { partKey, partPrefix, recordingKey } from "./recording-keys";
import { Recordings } from "./recordings";
import { WorkerEncoders } from "./worker-encoders";

const TENANT = "ten_aaaaaaaaaaaaaaaaaaaaaaaaa";

/** 10 ms of a 440 Hz tone (phase-continuous over `tick`). */
function tone(tick: number, hz = 440): Int16Array {
  const frame = new Int16Array(MEDIA_FRAME_SAMPLES);
  for (let i = 0; i < frame.length; i++) {
    const t = (tick * MEDIA_FRAME_SAMPLES + i) / 48000;
    frame[i] = Math.round(8000 * Math.sin(2 * Math.PI * hz * t));
  }
  return frame;
}

/** RMS of samples [fromMs, toMs) of a decoded channel at 48 kHz, in 0..1 units. */
function rms(channel: Float32Array, fromMs: number, toMs: number): number {
  const from = fromMs * 48;
  const to = Math.min(channel.length, toMs * 48);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (channel[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

async function setUp(encoders: RecordingEncoders, partMs = 1000) {
  const db = await openDb({ url: ":memory:" });
  const store = new CallRecordingStore(db);
  const blobs = new FileBlobStore(mkdtempSync(join(tmpdir(), "astra-rec-")));
  const { logger } = memoryLogger("error");
  const recordings = new Recordings({ store, blobs, encoders, log: logger, partMs });
  return { db, store, blobs, recordings };
}

/**
 * 3 s: the caller speaks in the first second (frames arriving one per tick), the agent in
 * 1.5–2.5 s. Returns the decoded channels of the finished file.
 */
async function recordScript(encoders: RecordingEncoders) {
  const { store, blobs, recordings } = await setUp(encoders);
  const callId = `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 23)}`;
  const tap = recordings.start({ id: callId, tenantId: TENANT, recordingEnabled: true });
  if (!tap) throw new Error("no recorder");
  for (let tick = 0; tick < 300; tick++) {
    if (tick < 100) tap.callerFrame(tone(tick));
    tap.agentFrame(tick >= 150 && tick < 250 ? tone(tick, 660) : new Int16Array(480));
    tap.tick(tick * 10);
    // The clock's ticks come from timers: the encoder's work runs between them.
    if (tick % 10 === 9) await Bun.sleep(1);
  }
  const partsWhileLive = (await blobs.list(partPrefix(TENANT, callId))).length;
  tap.stop();
  await recordings.finish(callId);
  const row = await store.get(callId);
  const file = await blobs.readAll(recordingKey(TENANT, callId));
  if (!file) throw new Error("no recording file");
  const [left, right] = await decodeOggOpusChannels(file, 48000);
  return {
    row,
    file,
    left: left ?? new Float32Array(),
    right: right ?? new Float32Array(),
    partsWhileLive,
    blobs,
    callId,
  };
}

async function eventuallyParts(blobs: FileBlobStore, prefix: string, count: number) {
  for (let i = 0; i < 500 && (await blobs.list(prefix)).length < count; i++) await Bun.sleep(20);
}

describe("call recorder", () => {
  for (const make of [() => new InlineEncoders(), () => new WorkerEncoders()]) {
    const encoders = make();
    test(`caller goes left, agent right, aligned on the ticks (${encoders.mode})`, async () => {
      const { row, file, left, right, blobs, callId } = await recordScript(encoders);
      expect(row).toMatchObject({
        status: "ready",
        channels: 2,
        layout: "caller-left agent-right",
      });
      expect(row?.durationMs).toBe(3000);
      expect(row?.sizeBytes).toBe(file.length);
      expect(left.length).toBe(3 * 48000);
      // Caller: loud left in 0.1–0.9 s, quiet right there.
      expect(rms(left, 100, 900)).toBeGreaterThan(0.1);
      expect(rms(right, 100, 900)).toBeLessThan(0.01);
      // Agent: loud right in 1.6–2.4 s, quiet left there.
      expect(rms(right, 1600, 2400)).toBeGreaterThan(0.1);
      expect(rms(left, 1600, 2400)).toBeLessThan(0.01);
      // Silence on both around 1.2 s and at the end.
      expect(rms(left, 1150, 1400) + rms(right, 1150, 1400)).toBeLessThan(0.01);
      expect(rms(left, 2650, 3000) + rms(right, 2650, 3000)).toBeLessThan(0.01);
      // The parts are gone; the last page ends the stream.
      expect(await blobs.list(partPrefix(TENANT, callId))).toEqual([]);
      const pages = intactPages(file);
      expect(pages.at(-1)?.eos).toBe(true);
      expect(pages.filter((p) => p.eos)).toHaveLength(1);
      expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
      await encoders.shutdown();
    }, 30_000);
  }

  test("parts are written while the call goes on, never the whole call at the end", async () => {
    const encoders = new InlineEncoders();
    const { partsWhileLive } = await recordScript(encoders);
    // 1 s parts: at least two written before the call stopped (the clock does not wait).
    expect(partsWhileLive).toBeGreaterThanOrEqual(1);
  }, 30_000);

  test("a recording cut by a crash is closed into a playable file from its parts", async () => {
    const encoders = new InlineEncoders();
    const { store, blobs, recordings } = await setUp(encoders, 500);
    const callId = "call_crashcrashcrashcrashcras";
    const tap = recordings.start({ id: callId, tenantId: TENANT, recordingEnabled: true });
    if (!tap) throw new Error("no recorder");
    for (let tick = 0; tick < 250; tick++) {
      tap.callerFrame(tone(tick));
      tap.tick(tick * 10);
      if (tick % 10 === 9) await Bun.sleep(1);
    }
    // Let the parts of the first two seconds be written, then "crash": no stop(), and the
    // last part is cut short mid-page as a kill during a write could leave it.
    await eventuallyParts(blobs, partPrefix(TENANT, callId), 4);
    const parts = await blobs.list(partPrefix(TENANT, callId));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const lastKey = parts.at(-1) as string;
    const last = (await blobs.readAll(lastKey)) as Uint8Array;
    await blobs.put(lastKey, last.subarray(0, last.length - 17));
    const pagesKept = intactPages(last.subarray(0, last.length - 17));

    expect(await finishRecording(callId, store, blobs)).toBe("ready");
    const row = await store.get(callId);
    const file = (await blobs.readAll(recordingKey(TENANT, callId))) as Uint8Array;
    const pages = intactPages(file);
    expect(pages.at(-1)?.eos).toBe(true);
    // The granule stops where decodable audio does: the encoder's lookahead never came out.
    expect(pages.at(-1)?.granule).toBe((pagesKept.at(-1)?.granule as number) - 312);
    const [left] = await decodeOggOpusChannels(file, 48000);
    expect(row?.durationMs).toBeGreaterThanOrEqual(1000);
    expect(Math.abs((left?.length ?? 0) - (row?.durationMs ?? 0) * 48)).toBeLessThan(48);
    expect(rms(left as Float32Array, 100, 900)).toBeGreaterThan(0.1);
    // A second run changes nothing.
    expect(await finishRecording(callId, store, blobs)).toBe("skipped");
    tap.stop();
  }, 30_000);

  test("erase removes the file and the parts and marks the recording deleted", async () => {
    const encoders = new InlineEncoders();
    const { store, blobs, recordings } = await setUp(encoders);
    const callId = "call_eraseeraseeraseeraseeras";
    const tap = recordings.start({ id: callId, tenantId: TENANT, recordingEnabled: true });
    for (let tick = 0; tick < 150; tick++) tap?.tick(tick * 10);
    tap?.stop();
    await recordings.finish(callId);
    await blobs.put(partKey(TENANT, callId, 9), new Uint8Array([1])); // a leftover part
    expect(await blobs.size(recordingKey(TENANT, callId))).toBeGreaterThan(0);
    expect(await recordings.erase(callId)).toBe(true);
    expect(await blobs.size(recordingKey(TENANT, callId))).toBeNull();
    expect(await blobs.list(`recordings/${TENANT}/`)).toEqual([]);
    expect((await store.get(callId))?.status).toBe("deleted");
    expect(await recordings.erase("call_nonenonenonenonenonenon")).toBe(false);
  });

  test("an agent with recording off gets no recorder and no row", async () => {
    const { store, recordings } = await setUp(new InlineEncoders());
    const callId = "call_offoffoffoffoffoffoffof";
    expect(recordings.start({ id: callId, tenantId: TENANT, recordingEnabled: false })).toBeNull();
    expect(await store.get(callId)).toBeNull();
  });
});
