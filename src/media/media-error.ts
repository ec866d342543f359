export type MediaErrorCode =
  | "sdp_malformed"
  | "sdp_no_audio"
  | "sdp_no_opus"
  | "ice_gathering_failed";

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

/** The message of a media set-up error, or null when the error is something else. */
export function describeMediaError(error: unknown): string | null {
  return error instanceof MediaError ? error.message : null;
}
