import { muLawDecode, muLawEncode } from "../src/audio/g711";
import { Resampler } from "../src/audio/resampler";
import type { RecordingName } from "./assets";
import { callerRecording } from "./caller-audio";
import type { TwilioStreamClient } from "./twilio-side";

/** 20 ms of 8 kHz µ-law. */
export const CHUNK = 160;

/** A repository recording as Twilio would carry it: 8 kHz µ-law in 20 ms chunks. */
export function speechChunks(file: RecordingName = "en-hours.wav"): Uint8Array[] {
  const down = new Resampler(48000, 8000);
  const codes = muLawEncode(down.process(callerRecording(file)).slice());
  down.dispose();
  const chunks: Uint8Array[] = [];
  for (let at = 0; at + CHUNK <= codes.length; at += CHUNK)
    chunks.push(codes.slice(at, at + CHUNK));
  return chunks;
}

/** Whether a chunk the gateway sent carries sound (µ-law silence decodes to near zero). */
export function audible(payload: string): boolean {
  const pcm = muLawDecode(Buffer.from(payload, "base64"));
  return pcm.some((sample) => Math.abs(sample) > 64);
}

/**
 * Twilio's side of a call, paced like the real thing: one 20 ms caller chunk every 20 ms
 * (silence unless speech is queued), and each of the gateway's marks echoed as "played" only
 * while `playing` says so.
 */
export function playTwilio(stream: TwilioStreamClient) {
  const silence = new Uint8Array(CHUNK).fill(0xff);
  const queue: Uint8Array[] = [];
  const state = { playing: true, audibleHeard: 0, audibleSent: 0, seen: 0 };
  let lastMediaAudible = false;
  const timer = setInterval(() => {
    stream.media(queue.shift() ?? silence);
    for (; state.seen < stream.received.length; state.seen++) {
      const message = stream.received[state.seen];
      if (message?.event === "media") {
        lastMediaAudible = audible(message.media.payload);
        if (lastMediaAudible) state.audibleSent++;
      } else if (message?.event === "mark" && state.playing) {
        stream.markPlayed(message.mark.name);
        if (lastMediaAudible) state.audibleHeard++;
      }
    }
  }, 20);
  return {
    state,
    speak: (chunks: Uint8Array[]) => queue.push(...chunks),
    stop: () => clearInterval(timer),
  };
}
