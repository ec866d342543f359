import * as v from "valibot";
import type { WatiEvent } from "./wati-event-types";
import {
  CallStatusSchema,
  NewCallSchema,
  PermissionSchema,
  SdpAnswerSchema,
  TerminateSchema,
  WATI_CALL_STATUSES,
} from "./wati-schemas";
import { bodyError, issuesAt, readJsonBody, type WebhookBodyError } from "./webhook-body";

export type * from "./wati-event-types";

/**
 * Which Wati webhook a body is. Wati posts each kind to the URL configured for it, so the route
 * names the kind; `inferWatiWebhookKind` guesses from the fields for a single catch-all URL.
 */
export const WATI_WEBHOOK_KINDS = [
  "new_call",
  "terminate",
  "sdp_answer",
  "call_status",
  "permission",
] as const;
export type WatiWebhookKind = (typeof WATI_WEBHOOK_KINDS)[number];

export type WatiParseResult =
  | { ok: true; event: WatiEvent }
  | { ok: false; error: WebhookBodyError };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Guesses the kind from which fields are present; null when the body fits none. */
export function inferWatiWebhookKind(body: unknown): WatiWebhookKind | null {
  if (!isRecord(body)) return null;
  if ("waid" in body || "hasPermission" in body) return "permission";
  if (!("callId" in body)) return null;
  if ("businessNumber" in body) return "new_call";
  if ("status" in body) return "call_status";
  if ("sdp" in body) return "sdp_answer";
  return "terminate";
}

/** Reads a raw body (already signature-checked, when the tenant set a secret). Never throws. */
export function parseWatiWebhookBody(
  kind: WatiWebhookKind | "auto",
  raw: Uint8Array | string,
  receivedAtMs: number = Date.now(),
): WatiParseResult {
  const json = readJsonBody(raw);
  return json.ok ? parseWatiWebhook(kind, json.value, receivedAtMs) : json;
}

/** Reads a parsed JSON body of the given kind as one event. Never throws. */
export function parseWatiWebhook(
  kind: WatiWebhookKind | "auto",
  body: unknown,
  receivedAtMs: number = Date.now(),
): WatiParseResult {
  const known = kind === "auto" ? inferWatiWebhookKind(body) : kind;
  if (known === null) {
    const message = "is not a Wati calling webhook (no callId, waid or hasPermission)";
    return { ok: false, error: bodyError([{ path: "(body)", message }]) };
  }
  const event = (e: WatiEvent): WatiParseResult => ({ ok: true, event: e });
  const fail = (issues: readonly v.BaseIssue<unknown>[]): WatiParseResult => ({
    ok: false,
    error: bodyError(issuesAt("", issues)),
  });
  switch (known) {
    case "new_call": {
      const parsed = v.safeParse(NewCallSchema, body);
      if (!parsed.success) return fail(parsed.issues);
      const b = parsed.output;
      const contactName = b.contact?.ContactName?.trim();
      const waId = b.contact?.ContactNumber?.replace(/[^\d]/g, "");
      return event({
        type: "inbound_call",
        callId: b.callId,
        businessNumber: b.businessNumber,
        ...(b.tenantId !== undefined && { watiTenantId: b.tenantId }),
        ...(waId && { waId }),
        ...(contactName && { contactName }),
        ...(b.voiceLanguage && { voiceLanguage: b.voiceLanguage }),
        sdpOffer: b.sdp,
        receivedAtMs,
      });
    }
    case "terminate": {
      const parsed = v.safeParse(TerminateSchema, body);
      if (!parsed.success) return fail(parsed.issues);
      return event({ type: "call_terminated", callId: parsed.output.callId, receivedAtMs });
    }
    case "sdp_answer": {
      const parsed = v.safeParse(SdpAnswerSchema, body);
      if (!parsed.success) return fail(parsed.issues);
      const { callId, sdp } = parsed.output;
      return event({ type: "call_answer", callId, sdpAnswer: sdp, receivedAtMs });
    }
    case "call_status": {
      const status = isRecord(body) && typeof body.status === "string" ? body.status : undefined;
      const statuses: readonly string[] = WATI_CALL_STATUSES;
      if (status !== undefined && !statuses.includes(status.toUpperCase())) {
        const reason = `call status ${JSON.stringify(status.slice(0, 40))}`;
        return event({ type: "ignored", reason, receivedAtMs });
      }
      const parsed = v.safeParse(CallStatusSchema, body);
      if (!parsed.success) return fail(parsed.issues);
      const { callId, status: known } = parsed.output;
      return event({ type: "call_status", callId, status: known, receivedAtMs });
    }
    case "permission": {
      const parsed = v.safeParse(PermissionSchema, body);
      if (!parsed.success) return fail(parsed.issues);
      const b = parsed.output;
      return event({
        type: "permission_reply",
        waId: b.waid,
        businessNumber: b.channelPhoneNumber,
        granted: b.hasPermission,
        status: b.status,
        ...(b.tenantId !== undefined && { watiTenantId: b.tenantId }),
        receivedAtMs,
      });
    }
    default: {
      const unreachable: never = known;
      return unreachable;
    }
  }
}
