import { describe, expect, test } from "bun:test";
import type { BlobStore } from "./blob-store";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = async (stream: ReadableStream<Uint8Array> | null) =>
  stream === null ? null : await new Response(stream).text();

async function* chunksOf(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield bytes(part);
}

/** What every blob store backend must do; each backend's test file runs it. */
export function describeBlobStore(name: string, open: () => Promise<BlobStore>): void {
  describe(`${name} blob store`, () => {
    test("a blob written whole reads back whole and in ranges", async () => {
      const store = await open();
      await store.put("recordings/ten_a/call_1.ogg", bytes("0123456789"));
      expect(await store.size("recordings/ten_a/call_1.ogg")).toBe(10);
      expect(await text(await store.read("recordings/ten_a/call_1.ogg"))).toBe("0123456789");
      expect(
        await text(await store.read("recordings/ten_a/call_1.ogg", { start: 2, end: 5 })),
      ).toBe("234");
      expect(await text(await store.read("recordings/ten_a/call_1.ogg", { start: 7 }))).toBe("789");
      expect(
        new TextDecoder().decode(
          (await store.readAll("recordings/ten_a/call_1.ogg")) ?? new Uint8Array(),
        ),
      ).toBe("0123456789");
    });

    test("a streamed blob is the chunks in order", async () => {
      const store = await open();
      const size = await store.putStream("exports/joined.txt", chunksOf("ab", "cd", "ef"));
      expect(size).toBe(6);
      expect(await text(await store.read("exports/joined.txt"))).toBe("abcdef");
    });

    test("missing blobs read as null and delete quietly", async () => {
      const store = await open();
      expect(await store.read("recordings/none.ogg")).toBeNull();
      expect(await store.readAll("recordings/none.ogg")).toBeNull();
      expect(await store.size("recordings/none.ogg")).toBeNull();
      await store.delete("recordings/none.ogg");
    });

    test("listing by prefix is sorted and deleting removes", async () => {
      const store = await open();
      await store.put("parts/call_2/000002", bytes("b"));
      await store.put("parts/call_2/000001", bytes("a"));
      await store.put("parts/call_3/000001", bytes("c"));
      expect(await store.list("parts/call_2/")).toEqual([
        "parts/call_2/000001",
        "parts/call_2/000002",
      ]);
      await store.delete("parts/call_2/000001");
      expect(await store.list("parts/call_2/")).toEqual(["parts/call_2/000002"]);
    });

    test("keys that climb out of the store are refused", async () => {
      const store = await open();
      await expect(store.put("../escape", bytes("x"))).rejects.toThrow("unsafe blob key");
      await expect(store.put("/etc/passwd", bytes("x"))).rejects.toThrow("unsafe blob key");
    });
  });
}
