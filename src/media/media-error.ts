export type MediaErrorCode =
  /** Not parseable as SDP, or missing what every WebRTC peer needs (ICE credentials, DTLS). */
  | "sdp_malformed"
  /** No live m=audio section. */
  | "sdp_no_audio"
  /** An audio section without Opus. */
  | "sdp_no_opus"
  /** Well-formed, but the WebRTC stack refused it (its own message follows). */
  | "sdp_rejected"
  /** Gathering ended without a local description to answer with. */
  | "ice_gathering_failed"
  /** Every port of RTC_PORT_RANGE is held by other calls. */
  | "ports_exhausted"
  /** sendAudio() got something other than one 10 ms frame. */
  | "bad_frame";

/** A media leg could not be set up; the message says why in words an API client can act on. */
export class MediaError extends Error {
  override name = "MediaError";
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The message of an error the remote side caused (a bad SDP), for a 4xx answer; null for
 * anything else, which is our own failure.
 */
export function describeMediaError(error: unknown): string | null {
  if (!(error instanceof MediaError)) return null;
  return error.code.startsWith("sdp_") ? error.message : null;
}
