import * as v from "valibot";

/** The call channels whose media the per-channel capacity levers tell apart. */
export const MEDIA_CHANNELS = ["browser", "whatsapp"] as const;
export type MediaChannel = (typeof MEDIA_CHANNELS)[number];

/**
 * `browser,whatsapp`, one of them, or `none`: the channels a media lever is on for. Written as
 * a list so that an operator can switch a lever per channel with one variable.
 */
export const channelListSetting = (fallback: string) =>
  v.pipe(
    v.optional(v.string(), fallback),
    v.transform((text) => text.split(",").map((part) => part.trim().toLowerCase())),
    v.check(
      (parts) =>
        (parts.length === 1 && parts[0] === "none") ||
        parts.every((part) => (MEDIA_CHANNELS as readonly string[]).includes(part)),
      `must be none or a comma-separated list of ${MEDIA_CHANNELS.join(", ")}`,
    ),
    v.transform((parts) => MEDIA_CHANNELS.filter((channel) => parts.includes(channel))),
  );

/** How much caller audio each `input_audio_buffer.append` carries: 10, 20, 30 or 40 ms. */
export const appendMsSetting = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.picklist(["10", "20", "30", "40"], "must be 10, 20, 30 or 40"),
    v.transform(Number),
  );
