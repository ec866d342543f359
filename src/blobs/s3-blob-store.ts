import { assertSafeKey, type BlobStore, type ByteRange } from "./blob-store";
import type { S3BlobStoreConfig } from "./s3-config";

export interface S3BlobStoreOptions {
  /** Bytes per part of a streamed upload; S3 wants at least 5 MiB for all parts but the last. */
  partSize?: number;
  /** Keys asked for per listing request (S3's own maximum is 1,000). */
  listPageSize?: number;
}

const MIB = 1024 * 1024;

/**
 * Blobs in an S3-compatible bucket (AWS S3, Tigris, R2) through Bun's built-in client.
 * Streamed blobs go up as a multipart upload, so a long recording never sits whole in memory.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3";
  private readonly client: Bun.S3Client;
  private readonly base: string;
  private readonly partSize: number;
  private readonly listPageSize: number;

  constructor(config: S3BlobStoreConfig, options: S3BlobStoreOptions = {}) {
    this.client = new Bun.S3Client({
      bucket: config.bucket,
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
      ...(config.region ? { region: config.region } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    });
    this.base = config.prefix === "" ? "" : `${config.prefix}/`;
    this.partSize = Math.max(5 * MIB, options.partSize ?? 8 * MIB);
    this.listPageSize = options.listPageSize ?? 1000;
  }

  private file(key: string): Bun.S3File {
    assertSafeKey(key);
    return this.client.file(this.base + key);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.file(key).write(data);
  }

  /**
   * Up to one part, the blob is gathered and written in one request; past that the rest streams
   * as a multipart upload, pulled one chunk at a time so memory stays bounded. A stream that
   * fails leaves nothing in place of the blob: Bun aborts an upload whose body errors, whereas
   * `writer().end(error)` was seen to complete it with the parts already sent.
   */
  async putStream(key: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const file = this.file(key);
    const iterator = chunks[Symbol.asyncIterator]();
    const first: Uint8Array[] = [];
    let size = 0;
    while (size < this.partSize) {
      const next = await iterator.next();
      if (next.done) {
        await file.write(concat(first, size));
        return size;
      }
      first.push(next.value);
      size += next.value.byteLength;
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of first.splice(0)) controller.enqueue(part);
      },
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) return controller.close();
        size += next.value.byteLength;
        controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    await file.write(new Response(body), { partSize: this.partSize, queueSize: 2 });
    return size;
  }

  async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const total = await this.size(key);
    if (total === null) return null;
    const start = Math.min(range?.start ?? 0, total);
    const end = Math.min(range?.end ?? total, total);
    // S3 refuses a range that starts at or past the end (416): that range is simply empty.
    if (start >= end) return new Blob([]).stream();
    const file = this.file(key);
    return (start === 0 && end === total ? file : file.slice(start, end)).stream();
  }

  async readAll(key: string): Promise<Uint8Array | null> {
    try {
      return await this.file(key).bytes();
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await this.file(key).stat()).size;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.list({
        prefix: this.base + prefix,
        maxKeys: this.listPageSize,
        ...(continuationToken ? { continuationToken } : {}),
      });
      for (const entry of page.contents ?? []) keys.push(entry.key.slice(this.base.length));
      continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (continuationToken);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    try {
      await this.file(key).delete();
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "NoSuchKey" || code === "NotFound" || code === "ENOENT";
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const joined = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}
