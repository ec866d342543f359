import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { FIXTURES_DIR } from "./assets";

/**
 * Webhook bodies as providers send them, for tests: the fixtures in test/assets read as raw text
 * (the bytes a signature covers) and signed the way Meta signs them.
 */

export type FixtureName =
  | "whatsapp/connect-inbound.json"
  | "whatsapp/message-text.json"
  | "whatsapp/permission-reply.json"
  | "whatsapp/status-ringing.json"
  | "whatsapp/terminate.json"
  | "wati/new-call.json"
  | "wati/outbound-call-status.json"
  | "wati/outbound-permission.json"
  | "wati/outbound-sdp-answer.json"
  | "wati/terminate-call.json";

/** A fixture body exactly as stored, byte for byte. */
export function fixtureText(name: FixtureName): string {
  return readFileSync(new URL(name, FIXTURES_DIR), "utf8");
}

/** A fixture body parsed, for tests that change one field before sending it. */
export function fixtureJson(name: FixtureName): any {
  return JSON.parse(fixtureText(name));
}

/** The `X-Hub-Signature-256` value Meta sends: `sha256=` + hex HMAC-SHA256 of the raw body. */
export function hubSignature(rawBody: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/** Headers for a signed webhook POST. */
export function signedHeaders(
  rawBody: string | Uint8Array,
  secret: string,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-hub-signature-256": hubSignature(rawBody, secret),
  };
}
