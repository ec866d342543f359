import * as v from "valibot";

/**
 * Twilio Media Streams' messages to us on a bidirectional stream, as documented: `connected`,
 * `start`, `media` (base64 µ-law, 8 kHz mono), `mark` (one of ours, played), `dtmf` and `stop`.
 * Unknown fields are allowed: Twilio adds them over time.
 */
const sid = (prefix: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9A-Za-z]{32}$`), `must be a ${prefix} SID`));
const short = v.pipe(v.string(), v.maxLength(256));

export const TwilioStreamMessage = v.variant("event", [
  v.object({ event: v.literal("connected"), protocol: v.optional(short) }),
  v.object({
    event: v.literal("start"),
    streamSid: sid("MZ"),
    start: v.object({
      accountSid: sid("AC"),
      callSid: sid("CA"),
      streamSid: v.optional(sid("MZ")),
      mediaFormat: v.object({
        encoding: v.literal("audio/x-mulaw"),
        sampleRate: v.literal(8000),
        channels: v.literal(1),
      }),
      customParameters: v.optional(v.record(short, short)),
    }),
  }),
  v.object({
    event: v.literal("media"),
    streamSid: sid("MZ"),
    media: v.object({
      track: v.optional(short),
      // 20 ms is 160 bytes, 216 in base64; a few frames together are still fine.
      payload: v.pipe(v.string(), v.maxLength(8192), v.base64()),
    }),
  }),
  v.object({ event: v.literal("mark"), streamSid: sid("MZ"), mark: v.object({ name: short }) }),
  v.object({
    event: v.literal("dtmf"),
    streamSid: sid("MZ"),
    dtmf: v.object({ digit: v.pipe(v.string(), v.regex(/^[0-9*#A-D]$/, "must be one key")) }),
  }),
  v.object({ event: v.literal("stop"), streamSid: sid("MZ") }),
]);
export type TwilioStreamMessage = v.InferOutput<typeof TwilioStreamMessage>;

/** Reads one WebSocket text message from Twilio; null when it is not one of the shapes above. */
export function readStreamMessage(text: string): TwilioStreamMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = v.safeParse(TwilioStreamMessage, json);
  return parsed.success ? parsed.output : null;
}
