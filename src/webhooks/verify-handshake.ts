import { createHash, timingSafeEqual } from "node:crypto";

/** The answer to Meta's `GET` subscription check: echo the challenge (200) or refuse (403). */
export type VerifyHandshake =
  | { ok: true; challenge: string }
  | {
      ok: false;
      reason: "not_subscribe" | "token_mismatch" | "missing_challenge" | "no_token_configured";
    };

type QueryLike = URLSearchParams | Record<string, string | undefined>;

function read(query: QueryLike, name: string): string | undefined {
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  return query[name];
}

/** Meta's challenges are numbers; anything long or odd is not echoed back. */
const CHALLENGE_SHAPE = /^[\x21-\x7e]{1,256}$/;

/** Same-length digests, so the comparison leaks neither content nor the token's length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Meta's verify handshake: `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`.
 * Succeeds only when a verify token is configured and the given one matches it.
 */
export function answerVerifyHandshake(
  query: QueryLike,
  expectedToken: string | undefined,
): VerifyHandshake {
  if (!expectedToken) return { ok: false, reason: "no_token_configured" };
  if (read(query, "hub.mode") !== "subscribe") return { ok: false, reason: "not_subscribe" };
  const token = read(query, "hub.verify_token") ?? "";
  if (!sameSecret(token, expectedToken)) return { ok: false, reason: "token_mismatch" };
  const challenge = read(query, "hub.challenge") ?? "";
  if (!CHALLENGE_SHAPE.test(challenge)) return { ok: false, reason: "missing_challenge" };
  return { ok: true, challenge };
}
