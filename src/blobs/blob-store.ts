/**
 * Where large call artefacts (recordings, exports) live: a folder by default, S3-compatible
 * storage in production. Keys are relative paths such as `recordings/ten_…/call_….ogg`.
 * Nothing here appends in place, because S3 cannot: a blob grows as numbered parts that are
 * joined into one blob at the end.
 */
export interface BlobStore {
  /** `file` or `s3`, for logs and health output. */
  readonly kind: string;
  /** Writes (or replaces) a whole blob. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** Writes the chunks, in order, as one blob without holding them all in memory; returns its size. */
  putStream(key: string, chunks: AsyncIterable<Uint8Array>): Promise<number>;
  /** The blob's bytes from `start` to `end` (exclusive; default to the end), or null if absent. */
  read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  /** The whole blob, or null if absent. For small blobs only. */
  readAll(key: string): Promise<Uint8Array | null>;
  /** Size in bytes, or null if absent. */
  size(key: string): Promise<number | null>;
  /** Keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes a blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

export interface ByteRange {
  start: number;
  end?: number;
}

const SAFE_KEY = /^[A-Za-z0-9_\-.]+(\/[A-Za-z0-9_\-.]+)*$/;

/** Keys are made by the gateway from ids; anything else (`..`, absolute paths) is a bug. */
export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split("/").some((part) => part === ".." || part === ".")) {
    throw new Error(`unsafe blob key: ${key}`);
  }
}
