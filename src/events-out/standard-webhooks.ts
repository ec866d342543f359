import { createHmac } from "node:crypto";

/**
 * Signing as the Standard Webhooks specification says: the secret is `whsec_` + base64 of the
 * key bytes, and each signature is `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
 */
const PREFIX = "whsec_";

/** A new endpoint secret: 32 random bytes. */
export function newEndpointSecret(): string {
  return PREFIX + Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
}

export function signatureOf(
  secret: string,
  message: { id: string; timestampSeconds: number; body: string },
): string {
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  const signed = `${message.id}.${message.timestampSeconds}.${message.body}`;
  return `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
}

/** The three headers of one attempt; several secrets (during a rotation) give several signatures. */
export function webhookHeaders(
  secrets: readonly string[],
  message: { id: string; timestampSeconds: number; body: string },
): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": message.id,
    "webhook-timestamp": String(message.timestampSeconds),
    "webhook-signature": secrets.map((secret) => signatureOf(secret, message)).join(" "),
  };
}
