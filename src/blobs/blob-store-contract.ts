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

    test("ranges at and past the end are short or empty, never an error", async () => {
      const store = await open();
      await store.put("recordings/end.ogg", bytes("0123456789"));
      const at = (start: number, end?: number) =>
        store.read("recordings/end.ogg", end === undefined ? { start } : { start, end });
      expect(await text(await at(9, 10))).toBe("9");
      expect(await text(await at(8, 100))).toBe("89");
      expect(await text(await at(10))).toBe("");
      expect(await text(await at(12, 20))).toBe("");
    });

    test("a blob written again is replaced whole", async () => {
      const store = await open();
      await store.put("exports/again.txt", bytes("a longer first version"));
      await store.put("exports/again.txt", bytes("short"));
      expect(await text(await store.read("exports/again.txt"))).toBe("short");
      await store.putStream("exports/again.txt", chunksOf("streamed"));
      expect(await store.size("exports/again.txt")).toBe(8);
    });

    test("a large streamed blob (past S3's multipart threshold) reads back byte for byte", async () => {
      const store = await open();
      const chunk = 256 * 1024;
      const count = 48; // 12 MiB: more than one 5 to 8 MiB part
      async function* pattern(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < count; i++) yield new Uint8Array(chunk).fill(i);
      }
      const total = chunk * count;
      expect(await store.putStream("recordings/long.ogg", pattern())).toBe(total);
      expect(await store.size("recordings/long.ogg")).toBe(total);
      const across = await store.read("recordings/long.ogg", {
        start: 5 * 1024 * 1024 - 2,
        end: 5 * 1024 * 1024 + 2,
      });
      expect([...new Uint8Array(await new Response(across).arrayBuffer())]).toEqual([
        19, 19, 20, 20,
      ]);
      const tail = await store.read("recordings/long.ogg", { start: total - 3 });
      expect([...new Uint8Array(await new Response(tail).arrayBuffer())]).toEqual([47, 47, 47]);
      const whole = new Uint8Array(
        await new Response(await store.read("recordings/long.ogg")).arrayBuffer(),
      );
      expect(whole.length).toBe(total);
      expect(whole.every((value, index) => value === Math.floor(index / chunk))).toBe(true);
    });

    test("a stream that fails part way leaves no blob behind", async () => {
      const store = await open();
      async function* failing(): AsyncIterable<Uint8Array> {
        yield bytes("first page");
        throw new Error("encoder crashed");
      }
      await expect(store.putStream("recordings/broken.ogg", failing())).rejects.toThrow(
        "encoder crashed",
      );
      expect(await store.size("recordings/broken.ogg")).toBeNull();
      async function* failingLate(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < 40; i++) yield new Uint8Array(256 * 1024).fill(i); // 10 MiB: parts sent
        throw new Error("encoder crashed late");
      }
      await store.put("recordings/kept.ogg", bytes("earlier recording"));
      await expect(store.putStream("recordings/kept.ogg", failingLate())).rejects.toThrow(
        "encoder crashed late",
      );
      expect(await text(await store.read("recordings/kept.ogg"))).toBe("earlier recording");
      expect(await store.list("recordings/broken")).toEqual([]);
    });

    test("listing many keys returns them all, past one page of results", async () => {
      const store = await open();
      const keys = Array.from(
        { length: 7 },
        (_, i) => `parts/call_9/${String(i).padStart(6, "0")}`,
      );
      for (const key of [...keys].reverse()) await store.put(key, bytes(key));
      await store.put("parts/call_90/000000", bytes("other call"));
      expect(await store.list("parts/call_9/")).toEqual(keys);
    });

    test("keys that climb out of the store are refused", async () => {
      const store = await open();
      await expect(store.put("../escape", bytes("x"))).rejects.toThrow("unsafe blob key");
      await expect(store.put("/etc/passwd", bytes("x"))).rejects.toThrow("unsafe blob key");
    });
  });
}
