import { expect, test } from "bun:test";
import { audible } from "../../test/twilio-playback";
import { MEDIA_FRAME_SAMPLES } from "../media/media-leg";
import { TwilioStreamLeg } from "./twilio-stream-leg";

const STREAM_SID = `MZ${"4a".repeat(16)}`;

/** A leg whose stream has started, keeping what it sends to Twilio. */
function startedLeg() {
  const sent: Array<{ event: string; mark?: { name: string }; media?: { payload: string } }> = [];
  const leg = new TwilioStreamLeg({ send: (text) => sent.push(JSON.parse(text)), close() {} });
  leg.receive({
    event: "start",
    streamSid: STREAM_SID,
    start: {
      accountSid: `AC${"a1".repeat(16)}`,
      callSid: `CA${"5e".repeat(16)}`,
      mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
    },
  });
  return { leg, sent };
}

const loud = new Int16Array(MEDIA_FRAME_SAMPLES).map((_, i) => (i % 48 < 24 ? 8000 : -8000));
const silent = new Int16Array(MEDIA_FRAME_SAMPLES);

test("before a hand-over the leg waits until Twilio says the agent's last words were played", async () => {
  const { leg, sent } = startedLeg();
  for (let i = 0; i < 20; i++) leg.sendAudio(loud);
  for (let i = 0; i < 60; i++) leg.sendAudio(silent);
  const marks = sent.flatMap((m) => (m.event === "mark" && m.mark ? [m.mark.name] : []));
  // 200 ms of speech, then 600 ms of silence: 40 chunks of 20 ms, each followed by its mark.
  expect(marks).toHaveLength(40);
  const lastSound = sent.findLastIndex((m) => m.media !== undefined && audible(m.media.payload));
  const lastSoundMark = sent[lastSound + 1]?.mark?.name ?? "";
  expect(Number(lastSoundMark)).toBeGreaterThanOrEqual(10);
  let heard = false;
  const waiting = leg.untilHeard(new AbortController().signal, 400, 30_000).then(() => {
    heard = true;
  });
  const played = (name: string) =>
    leg.receive({ event: "mark", streamSid: STREAM_SID, mark: { name } });
  played(String(Number(lastSoundMark) - 1));
  await Bun.sleep(100);
  expect(heard).toBe(false);
  // The mark after the last chunk of speech: the caller has heard it all.
  played(lastSoundMark);
  await waiting;
  expect(heard).toBe(true);
  await leg.close();
});

test("a hand-over does not wait on a stream that never started, and gives up when told", async () => {
  const idle = new TwilioStreamLeg(null);
  await idle.untilHeard(new AbortController().signal);
  const { leg } = startedLeg();
  for (let i = 0; i < 20; i++) leg.sendAudio(loud);
  const stop = new AbortController();
  const waiting = leg.untilHeard(stop.signal, 400, 30_000);
  stop.abort();
  await waiting;
  await leg.close();
});
