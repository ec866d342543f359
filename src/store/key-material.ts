import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API key material. A tenant key reads `av_key_<lookup>_<secret>`: the lookup part finds the row,
 * the whole key's SHA-256 is what is stored and compared (in constant time).
 */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

export function mintTenantKey(): { key: string; lookup: string } {
  const lookup = randomBytes(9).toString("base64url");
  const secret = randomBytes(24).toString("base64url");
  return { key: `av_key_${lookup}_${secret}`, lookup };
}

export function mintAdminKey(): string {
  return `av_admin_${randomBytes(32).toString("base64url")}`;
}

/** The lookup part of a presented tenant key, or null when it is not shaped like one. */
export function lookupOf(key: string): string | null {
  const match = /^av_key_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{32}$/.exec(key);
  return match?.[1] ?? null;
}
