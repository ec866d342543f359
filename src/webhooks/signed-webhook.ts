import { verifyHubSignature } from "./signature";
import { parseWatiWebhookBody, type WatiEvent, type WatiWebhookKind } from "./wati-events";
import type { WebhookBodyError } from "./webhook-body";
import { parseWhatsAppWebhookBody, type WhatsAppEvent } from "./whatsapp-events";

/**
 * A webhook POST read in the only safe order: signature over the raw bytes first, then JSON, then
 * events. `unauthorized` means 401 and nothing else; `invalid` means the body was signed but
 * unreadable (acknowledge and log: a retry would carry the same body).
 */
export type SignedWebhook<E> =
  | { outcome: "unauthorized"; reason: "missing" | "malformed" | "mismatch" | "no_secret" }
  | { outcome: "invalid"; error: WebhookBodyError }
  | { outcome: "accepted"; events: E[] };

/**
 * Meta: always signed. `appSecret` is the platform's `WHATSAPP_APP_SECRET` on
 * `/webhooks/whatsapp`, or the tenant's stored app secret on `/webhooks/whatsapp/{tenantId}`;
 * without one every body is refused.
 */
export function readSignedWhatsAppWebhook(
  raw: Uint8Array | string,
  signatureHeader: string | null | undefined,
  appSecret: string | undefined,
): SignedWebhook<WhatsAppEvent> {
  const check = verifyHubSignature(raw, signatureHeader, appSecret ?? "");
  if (!check.ok) return { outcome: "unauthorized", reason: check.reason };
  const parsed = parseWhatsAppWebhookBody(raw);
  return parsed.ok
    ? { outcome: "accepted", events: parsed.events }
    : { outcome: "invalid", error: parsed.error };
}

/**
 * Wati: signed with the tenant's `webhookSecret` when one is set, and then a missing or wrong
 * signature is refused; a tenant without a secret gets unsigned bodies read as they come.
 */
export function readWatiWebhook(
  kind: WatiWebhookKind | "auto",
  raw: Uint8Array | string,
  signatureHeader: string | null | undefined,
  webhookSecret: string | undefined,
  receivedAtMs: number = Date.now(),
): SignedWebhook<WatiEvent> {
  if (webhookSecret) {
    const check = verifyHubSignature(raw, signatureHeader, webhookSecret);
    if (!check.ok) return { outcome: "unauthorized", reason: check.reason };
  }
  const parsed = parseWatiWebhookBody(kind, raw, receivedAtMs);
  return parsed.ok
    ? { outcome: "accepted", events: [parsed.event] }
    : { outcome: "invalid", error: parsed.error };
}
