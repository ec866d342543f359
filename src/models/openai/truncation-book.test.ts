import { expect, test } from "bun:test";
import { TruncationBook } from "./truncation-book";

test("a truncation past the audio received is clamped to what was received", () => {
  const book = new TruncationBook();
  book.recordAudio("item_a", 24 * 300); // 300 ms
  book.recordAudio("item_a", 24 * 120); // +120 ms
  expect(book.clamp("item_a", 5000)).toBe(420);
});

test("a truncation within the received audio is kept as asked", () => {
  const book = new TruncationBook();
  book.recordAudio("item_a", 24 * 1000);
  expect(book.clamp("item_a", 250.7)).toBe(250);
});

test("an item without received audio is never truncated", () => {
  const book = new TruncationBook();
  expect(book.clamp("item_unknown", 100)).toBeNull();
  book.recordAudio("item_empty", 0);
  expect(book.clamp("item_empty", 100)).toBeNull();
});

test("a negative position is clamped to the start", () => {
  const book = new TruncationBook();
  book.recordAudio("item_a", 24 * 100);
  expect(book.clamp("item_a", -20)).toBe(0);
});

test("a second truncation of the same item only ever moves the cut earlier", () => {
  const book = new TruncationBook();
  book.recordAudio("item_a", 24 * 1000);
  expect(book.clamp("item_a", 600)).toBe(600);
  expect(book.clamp("item_a", 800)).toBeNull();
  expect(book.clamp("item_a", 600)).toBeNull();
  expect(book.clamp("item_a", 400)).toBe(400);
});

test("reset forgets items of the previous session", () => {
  const book = new TruncationBook();
  book.recordAudio("item_a", 24 * 100);
  book.reset();
  expect(book.clamp("item_a", 50)).toBeNull();
});
