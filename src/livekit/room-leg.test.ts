import { afterEach, expect, test } from "bun:test";
import { AudioFrame, AudioSource } from "@livekit/rtc-node";
import { eventually } from "../../test/eventually";
import { AgentPlayout } from "./agent-playout";
import { LiveKitRoomLeg } from "./room-leg";

// The real AudioSource and AudioFrame of @livekit/rtc-node: its native queue plays out at real
// time without a server, so what was captured against what still waits is the library's own.
const legs: LiveKitRoomLeg[] = [];
afterEach(async () => {
  await Promise.all(legs.splice(0).map((leg) => leg.close()));
});

function roomLeg(options: { callerIdentity?: string; queueMs?: number } = {}) {
  const source = new AudioSource(48_000, 1, options.queueMs ?? 100);
  const errors: unknown[] = [];
  const playout = new AgentPlayout(
    source,
    (pcm) => new AudioFrame(pcm, 48_000, 1, 480),
    (error) => errors.push(error),
  );
  let left = 0;
  const leg = new LiveKitRoomLeg(
    {
      leave: async () => {
        left++;
      },
    },
    playout,
    options.callerIdentity ? { callerIdentity: options.callerIdentity } : {},
  );
  legs.push(leg);
  return { leg, source, playout, errors, left: () => left };
}

const tone = (value: number) => new Int16Array(480).fill(value);

test("the caller is the named participant, or else the first one that is not an agent; media connects with their audio", () => {
  const named = roomLeg({ callerIdentity: "caller-1" }).leg;
  let connected = 0;
  named.on("connected", () => connected++);
  expect(named.audioTrackFrom({ identity: "someone-else", isAgent: false })).toBe(false);
  expect(named.state).toBe("new");
  expect(named.audioTrackFrom({ identity: "caller-1", isAgent: false })).toBe(true);
  expect(named.state).toBe("connected");
  expect(connected).toBe(1);

  const first = roomLeg().leg;
  expect(first.audioTrackFrom({ identity: "other-agent", isAgent: true })).toBe(false);
  expect(first.audioTrackFrom({ identity: "visitor", isAgent: false })).toBe(true);
  expect(first.audioTrackFrom({ identity: "second-visitor", isAgent: false })).toBe(false);
  expect(first.callerParticipant).toBe("visitor");
});

test("caller frames of any length and channel count come out as 10 ms mono frames at 48 kHz", () => {
  const { leg } = roomLeg({ callerIdentity: "caller" });
  const frames: number[][] = [];
  leg.on("audio", (frame) => frames.push([frame.length, frame[0] ?? 0, frame[479] ?? 0]));
  leg.callerAudio(new AudioFrame(tone(100), 48_000, 1, 480));
  expect(frames).toEqual([]);
  leg.audioTrackFrom({ identity: "caller", isAgent: false });
  // 20 ms of stereo (left 100, right 300): two mono frames of 200.
  const stereo = new Int16Array(960 * 2);
  for (let i = 0; i < 960; i++) stereo.set([100, 300], i * 2);
  leg.callerAudio(new AudioFrame(stereo, 48_000, 2, 960));
  // 5 ms, twice: one frame once both have arrived.
  leg.callerAudio(new AudioFrame(new Int16Array(240).fill(7), 48_000, 1, 240));
  expect(frames.length).toBe(2);
  leg.callerAudio(new AudioFrame(new Int16Array(240).fill(9), 48_000, 1, 240));
  // At another rate it would play at the wrong speed: dropped.
  leg.callerAudio(new AudioFrame(new Int16Array(441), 44_100, 1, 441));
  expect(frames).toEqual([
    [480, 200, 200],
    [480, 200, 200],
    [480, 7, 9],
  ]);
  expect(leg.stats().framesIn).toBe(3);
});

test("agent audio reaches the source only once the caller is there, and is captured in order", async () => {
  const { leg, playout } = roomLeg({ callerIdentity: "caller" });
  leg.sendAudio(tone(1));
  expect(leg.stats().framesOut).toBe(0);
  leg.audioTrackFrom({ identity: "caller", isAgent: false });
  for (let i = 0; i < 5; i++) leg.sendAudio(tone(i));
  await eventually("five frames captured", () => playout.captured === 5);
  expect(leg.stats().framesOut).toBe(5);
});

test("a barge-in clears what waits and what the source still holds, and counts it as unheard", async () => {
  const { leg, source, playout } = roomLeg({ callerIdentity: "caller", queueMs: 100 });
  leg.audioTrackFrom({ identity: "caller", isAgent: false });
  const started = performance.now();
  // A second of agent audio at once: the source takes 100 ms of it, the rest waits here.
  for (let i = 0; i < 100; i++) leg.sendAudio(tone(1000));
  await eventually("the source's queue filled", () => source.queuedDuration >= 80);
  const unheard = leg.clearPlayout();
  const elapsedFrames = Math.ceil((performance.now() - started) / 10);
  // Whatever played out while the test ran was heard; everything else is reported unheard.
  expect(unheard).toBeLessThanOrEqual(100);
  expect(unheard).toBeGreaterThanOrEqual(100 - elapsedFrames - 1);
  expect(source.queuedDuration).toBe(0);
  expect(playout.unplayedFrames).toBe(0);
  const capturedAtClear = playout.captured;
  await Bun.sleep(30);
  // Nothing that was cleared is handed to the source afterwards.
  expect(playout.captured).toBe(capturedAtClear);

  // The next reply plays again.
  leg.sendAudio(tone(5));
  await eventually("the next frame captured", () => playout.captured === capturedAtClear + 1);
});

test("the caller leaving ends the leg once, and it leaves the room and releases the source", async () => {
  const { leg, left } = roomLeg({ callerIdentity: "caller" });
  const events: string[] = [];
  leg.on("disconnected", (reason) => events.push(`disconnected: ${reason}`));
  leg.on("closed", () => events.push("closed"));
  leg.audioTrackFrom({ identity: "caller", isAgent: false });
  leg.participantLeft("someone-else");
  expect(events).toEqual([]);
  leg.participantLeft("caller");
  leg.roomDisconnected("ROOM_DELETED");
  await leg.close();
  expect(events).toEqual(["disconnected: caller left the room", "closed"]);
  expect(leg.farEndGone).toBe(true);
  expect(left()).toBe(1);
  expect(leg.state).toBe("closed");
  leg.sendAudio(tone(1));
  expect(leg.clearPlayout()).toBe(0);
});

test("a hang-up from our side is not the far end going away", async () => {
  const { leg, left } = roomLeg({ callerIdentity: "caller" });
  leg.audioTrackFrom({ identity: "caller", isAgent: false });
  await leg.close("agent_ended");
  expect(leg.farEndGone).toBe(false);
  expect(left()).toBe(1);
});

test("DTMF counts only from the caller", () => {
  const { leg } = roomLeg({ callerIdentity: "caller" });
  const digits: string[] = [];
  leg.on("dtmf", (digit) => digits.push(digit));
  leg.audioTrackFrom({ identity: "caller", isAgent: false });
  leg.dtmf("someone-else", "1");
  leg.dtmf("caller", "5");
  expect(digits).toEqual(["5"]);
});
