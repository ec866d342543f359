import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { assertSafeKey, type BlobStore, type ByteRange } from "./blob-store";

/** Blobs as files under one folder; writes land in a temporary file first, then are renamed. */
export class FileBlobStore implements BlobStore {
  readonly kind = "file";

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.root, key);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
  }

  async putStream(key: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial`;
    const writer = Bun.file(partial).writer();
    let size = 0;
    try {
      for await (const chunk of chunks) {
        writer.write(chunk);
        size += chunk.byteLength;
        await writer.flush();
      }
    } finally {
      await writer.end();
    }
    await rename(partial, path);
    return size;
  }

  async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const path = this.pathOf(key);
    if ((await this.size(key)) === null) return null;
    const file = Bun.file(path);
    const part = range ? file.slice(range.start, range.end) : file;
    return part.stream();
  }

  async readAll(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? info.size : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    await this.walk(this.root, keys);
    return keys.filter((key) => key.startsWith(prefix)).sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private async walk(folder: string, into: string[]): Promise<void> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await this.walk(path, into);
      else if (entry.isFile() && !entry.name.endsWith(".partial"))
        into.push(relative(this.root, path).split(sep).join("/"));
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === "ENOENT";
}
