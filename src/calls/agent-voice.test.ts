import { describe, expect, test } from "bun:test";
import { AgentVoice } from "./agent-voice";

function voice() {
  let now = 0;
  const sent: number[] = [];
  const events: string[] = [];
  const v = new AgentVoice(
    (frame) => sent.push(frame.reduce((max, s) => Math.max(max, Math.abs(s)), 0)),
    {
      audioOut: () => events.push("out"),
      finished: () => events.push("finished"),
      underrun: () => events.push("underrun"),
    },
    () => now,
  );
  const tick = (n = 1) => {
    for (let i = 0; i < n; i++) {
      v.tick();
      now += 10;
    }
  };
  return { v, sent, events, tick, advance: (ms: number) => (now += ms) };
}

const tone = (ms: number) => Int16Array.from({ length: ms * 24 }, (_, i) => (i % 2 ? 8000 : -8000));

describe("the agent's voice", () => {
  test("a reply trickling in at real time waits 20 ms, then plays without gaps", () => {
    const { v, sent, events, tick } = voice();
    v.replyStarted();
    v.push(tone(30), "item_1");
    tick(2); // held: 20 ms of headroom
    expect(sent.slice(0, 2)).toEqual([0, 0]);
    tick(1);
    expect(events).toEqual(["out"]);
    v.push(tone(30), "item_1"); // the next chunk arrives "late", but within the headroom
    v.replyComplete();
    tick(6);
    expect(events.filter((e) => e === "underrun")).toEqual([]);
    expect(events.at(-1)).toBe("finished");
  });

  test("a burst from a model faster than real time plays at once", () => {
    const { v, sent, tick } = voice();
    v.replyStarted();
    v.push(tone(300), "item_1");
    tick(1);
    expect(sent[0]).toBeGreaterThan(0);
  });

  test("a late chunk mid-reply is an underrun; barge-in stops at once and says what was heard", () => {
    const { v, events, tick, sent } = voice();
    v.replyStarted();
    v.push(tone(200), "item_1");
    tick(3);
    const heard = v.stop();
    expect(heard).toEqual({ itemId: "item_1", heardMs: 30 });
    tick(1);
    expect(sent.at(-1)).toBe(0);
    v.replyStarted();
    v.push(tone(120), "item_2");
    tick(13);
    expect(events.filter((e) => e === "underrun").length).toBeGreaterThan(0);
  });
});
