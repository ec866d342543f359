import { describe, expect, test } from "bun:test";
import { AppendBatcher } from "./append-batcher";

/** A 10 ms frame at 24 kHz whose samples count on from `first`. */
const frame = (first: number) => Int16Array.from({ length: 240 }, (_, i) => first + i);

function batcher(appendMs: number) {
  const sent: Int16Array[] = [];
  return { sent, batcher: new AppendBatcher(appendMs, (pcm) => sent.push(pcm.slice())) };
}

describe("AppendBatcher", () => {
  test("40 ms per message: every fourth 10 ms frame sends the four, in order", () => {
    const { sent, batcher: b } = batcher(40);
    for (let i = 0; i < 8; i++) b.push(frame(i * 240));
    expect(sent.map((pcm) => pcm.length)).toEqual([960, 960]);
    expect(Array.from(sent[1] ?? [])).toEqual(Array.from({ length: 960 }, (_, i) => 960 + i));
  });

  test("10 ms per message sends each frame as it comes", () => {
    const { sent, batcher: b } = batcher(10);
    b.push(frame(0));
    b.push(frame(240));
    expect(sent.map((pcm) => pcm.length)).toEqual([240, 240]);
  });

  test("a flush (before a commit) sends the rest; a discard (a clear) drops it", () => {
    const { sent, batcher: b } = batcher(40);
    b.push(frame(0));
    b.flush();
    b.push(frame(240));
    b.discard();
    b.flush();
    expect(sent.map((pcm) => pcm[0])).toEqual([0]);
  });
});
