import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Outcome of checking an `X-Hub-Signature-256` header. Anything but `ok` means the body must be
 * dropped unread: the HTTP layer answers 401 and parses nothing.
 */
export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "mismatch" | "no_secret" };

const HEADER_SHAPE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks Meta's (and Wati's) webhook signature: `sha256=<hex HMAC-SHA256(raw body, secret)>`.
 * Works on the exact bytes received, before any JSON parsing, and compares in constant time.
 * An empty secret is refused outright: an HMAC with an empty key is one anybody can forge.
 */
export function verifyHubSignature(
  rawBody: Uint8Array | string,
  header: string | null | undefined,
  secret: string,
): SignatureCheck {
  if (secret.length === 0) return { ok: false, reason: "no_secret" };
  if (header === null || header === undefined || header.trim() === "") {
    return { ok: false, reason: "missing" };
  }
  const match = HEADER_SHAPE.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: "malformed" };
  const claimed = Buffer.from(match[1], "hex");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return timingSafeEqual(claimed, expected) ? { ok: true } : { ok: false, reason: "mismatch" };
}
