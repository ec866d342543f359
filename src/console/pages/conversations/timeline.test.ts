import { describe, expect, test } from "bun:test";
import type { Message } from "../../api/api-types.gen";
import { lineHeardAt, turnWaits } from "./timeline";

function line(seq: number, role: Message["role"], startMs: number | null, endMs: number | null) {
  return {
    seq,
    role,
    text: `line ${seq}`,
    itemId: null,
    offsetMs: startMs ?? seq * 10_000,
    interrupted: false,
    tool: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    confidence: null,
    startMs,
    endMs,
    fullText: null,
    retranscription: null,
  } satisfies Message;
}

const call = [
  line(1, "assistant", 500, 3000),
  line(2, "user", 4000, 6000),
  line(3, "tool", null, null), // written at 30 s: after everything else
  line(4, "assistant", 6800, 9000),
  // The caller cut in before the agent finished: stored in the order the text arrived.
  line(6, "user", 8500, 10_000),
  line(5, "assistant", 10_400, 12_000),
];

describe("the line being heard", () => {
  test("follows the recording: none before the first, then the one that started last", () => {
    expect(lineHeardAt(call, 0)).toBeNull();
    expect(lineHeardAt(call, 500)).toBe(1);
    expect(lineHeardAt(call, 3500)).toBe(1);
    expect(lineHeardAt(call, 4000)).toBe(2);
    expect(lineHeardAt(call, 7000)).toBe(4);
    expect(lineHeardAt(call, 8600)).toBe(6);
    expect(lineHeardAt(call, 11_000)).toBe(5);
    expect(lineHeardAt(call, 31_000)).toBe(3);
  });
});

describe("the caller's waits", () => {
  test("one per reply to the caller, in call order, the greeting not counted", () => {
    expect(turnWaits(call).map((turn) => turn.p50Ms)).toEqual([800, 400]);
    expect(turnWaits(call).map((turn) => turn.start)).toEqual(["turn-1", "turn-2"]);
    expect(turnWaits([line(1, "assistant", 0, 2000)])).toEqual([]);
  });
});
