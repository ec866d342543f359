import { intactPages, preSkipOf, withEndOfStream } from "../audio/ogg-pages";
import type { BlobStore } from "../blobs/blob-store";
import type { CallRecordingStore, RecordingRow } from "../store/call-recordings";
import { partPrefix, recordingKey } from "./recording-keys";

const OPUS_RATE = 48;

/**
 * Joins a recording's parts into its one file and marks it ready (with its event). Used at the
 * end of each call and, at startup, on the recordings a crash left open: a part cut short is
 * trimmed to its last intact page, and the last page is marked end-of-stream if it is not yet,
 * so the file plays either way. Safe to run twice: a recording no longer open is left alone.
 */
export async function finishRecording(
  callId: string,
  store: CallRecordingStore,
  blobs: BlobStore,
): Promise<"ready" | "failed" | "skipped"> {
  const row = await store.get(callId);
  if (row?.status !== "recording") return "skipped";
  const parts = await blobs.list(partPrefix(row.tenantId, row.callId));
  const first = parts[0] ? await blobs.readAll(parts[0]) : null;
  const preSkip = first ? preSkipOf(first) : null;
  const last = preSkip === null ? null : await closeLastPart(parts, blobs, preSkip);
  if (!last || preSkip === null) {
    await store.markFailed(callId, "no audio was written");
    return "failed";
  }
  const kept = parts.slice(0, last.index + 1);
  const sizeBytes = await blobs.putStream(
    recordingKey(row.tenantId, row.callId),
    concat(kept, blobs),
  );
  const durationMs = Math.max(0, Math.round((last.granule - preSkip) / OPUS_RATE));
  await store.markReady(row, { durationMs, sizeBytes });
  await Promise.all(parts.map((key) => blobs.delete(key)));
  return "ready";
}

/**
 * The last part with an intact page, rewritten if needed so that it ends on an intact page
 * flagged end-of-stream; with that page's granule. Null when no part holds a page. A stream
 * that was never ended lacks the encoder's last `preSkip` samples (it runs that far behind),
 * so its closing granule stops before them.
 */
async function closeLastPart(
  parts: string[],
  blobs: BlobStore,
  preSkip: number,
): Promise<{ index: number; granule: number } | null> {
  for (let index = parts.length - 1; index >= 0; index--) {
    const key = parts[index] as string;
    const bytes = await blobs.readAll(key);
    if (!bytes) continue;
    const pages = intactPages(bytes);
    const lastPage = pages.at(-1);
    if (!lastPage) continue;
    const end = lastPage.offset + lastPage.length;
    if (lastPage.eos && end === bytes.length) return { index, granule: lastPage.granule };
    const granule = lastPage.eos ? lastPage.granule : Math.max(preSkip, lastPage.granule - preSkip);
    const fixed = new Uint8Array(end);
    fixed.set(bytes.subarray(0, lastPage.offset));
    fixed.set(withEndOfStream(bytes, lastPage, granule), lastPage.offset);
    await blobs.put(key, fixed);
    return { index, granule };
  }
  return null;
}

async function* concat(keys: string[], blobs: BlobStore): AsyncIterable<Uint8Array> {
  for (const key of keys) {
    const stream = await blobs.read(key);
    if (!stream) throw new Error(`recording part ${key} vanished while joining`);
    for await (const chunk of stream) yield chunk;
  }
}

/** Removes a recording's audio (file and any parts) and marks it deleted. */
export async function eraseRecording(
  row: RecordingRow,
  store: CallRecordingStore,
  blobs: BlobStore,
): Promise<void> {
  const parts = await blobs.list(partPrefix(row.tenantId, row.callId));
  await Promise.all([
    blobs.delete(recordingKey(row.tenantId, row.callId)),
    ...parts.map((key) => blobs.delete(key)),
  ]);
  await store.markDeleted(row.callId);
}
