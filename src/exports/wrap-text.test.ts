import { describe, expect, test } from "bun:test";
import { wrapText } from "./wrap-text";

// Every character one unit wide makes the expected breaks easy to see.
const width = (text: string) => [...text].length;

describe("wrapping transcript text", () => {
  test("Latin words break at spaces, never inside a word that fits", () => {
    expect(wrapText("the quick brown fox jumps", 10, width)).toEqual([
      "the quick",
      "brown fox",
      "jumps",
    ]);
  });

  test("Chinese and Japanese break between characters, punctuation stays with the one before", () => {
    expect(wrapText("我哋嘅會議取消咗。好", 4, width)).toEqual(["我哋嘅會", "議取消", "咗。好"]);
    expect(wrapText("予約をお願いします", 5, width)).toEqual(["予約をお願", "いします"]);
  });

  test("a word longer than a line is cut, and mixed scripts keep their words", () => {
    expect(wrapText("abcdefghij", 4, width)).toEqual(["abcd", "efgh", "ij"]);
    expect(wrapText("預約 booking 안녕하세요 예약", 9, width)).toEqual([
      "預約",
      "booking",
      "안녕하세요 예약",
    ]);
  });

  test("empty text is one empty line; runs of whitespace are one space", () => {
    expect(wrapText("", 10, width)).toEqual([""]);
    expect(wrapText("a \n\t b", 10, width)).toEqual(["a b"]);
  });
});
