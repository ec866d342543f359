import { describe, expect, test } from "bun:test";
import type { CallEvents, CallPhase } from "../calls/call-events";
import type { EndReason } from "../domain/call";
import { TypedEmitter } from "../events/typed-emitter";
import { CallEventFeed, type FeedEntry } from "./call-event-feed";

function session() {
  let end: (reason: EndReason) => void = () => {};
  const ended = new Promise<EndReason>((resolve) => {
    end = resolve;
  });
  return { events: new TypedEmitter<CallEvents>(), phase: "active" as CallPhase, ended, end };
}

const say = (s: ReturnType<typeof session>, text: string) =>
  s.events.emit("transcript", { role: "assistant", text, offsetMs: 0, itemId: null });

describe("a call's event feed", () => {
  test("replays after the last id seen, then continues live, none twice", async () => {
    const call = session();
    const feed = new CallEventFeed(call, 100);
    say(call, "one");
    say(call, "two");
    const live: FeedEntry[] = [];
    let closed = false;
    const sub = feed.subscribe(
      2,
      (e) => live.push(e),
      () => {
        closed = true;
      },
    );
    expect(sub.replay.map((e) => [e.id, (e.data as { text: string }).text])).toEqual([[3, "two"]]);
    say(call, "three");
    call.end("hung_up_by_api");
    await call.ended;
    await Bun.sleep(0);
    expect(live.map((e) => [e.id, e.event])).toEqual([
      [4, "transcript"],
      [5, "ended"],
    ]);
    expect(closed).toBe(true);
    expect(
      feed
        .subscribe(
          null,
          () => {},
          () => {},
        )
        .replay.map((e) => e.id),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  test("keeps only the newest entries", () => {
    const call = session();
    const feed = new CallEventFeed(call, 3);
    for (let i = 0; i < 10; i++) say(call, `line ${i}`);
    const replay = feed.subscribe(
      null,
      () => {},
      () => {},
    ).replay;
    expect(replay.map((e) => e.id)).toEqual([9, 10, 11]);
  });
});
