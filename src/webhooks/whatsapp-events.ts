import * as v from "valibot";
import {
  bodyError,
  issuesAt,
  readJsonBody,
  type WebhookBodyError,
  type WebhookIssue,
} from "./webhook-body";
import type { WhatsAppEvent } from "./whatsapp-event-types";
import {
  CALL_STATUSES,
  CallStatusSchema,
  type ChangeValue,
  ChangeValueSchema,
  ConnectCallSchema,
  PermissionReplySchema,
  TerminateCallSchema,
} from "./whatsapp-schemas";

export type * from "./whatsapp-event-types";

/**
 * A Meta webhook body read as events. A body is taken whole or not at all: when any call-related
 * item is malformed, the result lists every failing field and no event, so nothing is half-done.
 */
export type WhatsAppParseResult =
  | { ok: true; events: WhatsAppEvent[] }
  | { ok: false; error: WebhookBodyError };

const EnvelopeSchema = v.object({
  object: v.literal("whatsapp_business_account"),
  entry: v.array(
    v.object({
      id: v.string(),
      changes: v.array(v.object({ field: v.string(), value: v.unknown() })),
    }),
  ),
});

interface Routing {
  phoneNumberId: string;
  wabaId: string;
}

interface Reader {
  events: WhatsAppEvent[];
  issues: WebhookIssue[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Quotes a wire value in a reason without letting a long or odd one into the logs. */
const quoted = (value: unknown) => JSON.stringify(String(value).slice(0, 40));

/** Reads a raw body (already signature-checked) as JSON, then as events. Never throws. */
export function parseWhatsAppWebhookBody(raw: Uint8Array | string): WhatsAppParseResult {
  const json = readJsonBody(raw);
  return json.ok ? parseWhatsAppWebhook(json.value) : json;
}

/** Reads a parsed JSON body as events. Never throws. */
export function parseWhatsAppWebhook(body: unknown): WhatsAppParseResult {
  const envelope = v.safeParse(EnvelopeSchema, body);
  if (!envelope.success) return { ok: false, error: bodyError(issuesAt("", envelope.issues)) };
  const reader: Reader = { events: [], issues: [] };
  envelope.output.entry.forEach((entry, i) => {
    entry.changes.forEach((change, j) => {
      const path = `entry[${i}].changes[${j}].value`;
      if (change.field !== "calls" && change.field !== "messages") {
        reader.events.push({
          type: "ignored",
          field: change.field,
          reason: `field ${quoted(change.field)} is not about calls`,
        });
        return;
      }
      const value = v.safeParse(ChangeValueSchema, change.value);
      if (!value.success) {
        reader.issues.push(...issuesAt(path, value.issues));
        return;
      }
      readChange(reader, change.field, value.output, path, {
        phoneNumberId: value.output.metadata.phone_number_id,
        wabaId: entry.id,
      });
    });
  });
  if (reader.issues.length > 0) return { ok: false, error: bodyError(reader.issues) };
  return { ok: true, events: reader.events };
}

function readChange(
  reader: Reader,
  field: string,
  value: ChangeValue,
  path: string,
  routing: Routing,
): void {
  const names = new Map<string, string>();
  for (const contact of value.contacts ?? []) {
    if (contact.profile?.name) names.set(contact.wa_id, contact.profile.name);
  }
  const before = reader.events.length + reader.issues.length;
  value.calls?.forEach((item, k) => {
    readCall(reader, item, `${path}.calls[${k}]`, routing, value, names);
  });
  value.statuses?.forEach((item, k) => {
    readStatus(reader, item, `${path}.statuses[${k}]`, routing, field);
  });
  value.messages?.forEach((item, k) => {
    readMessage(reader, item, `${path}.messages[${k}]`, routing, field, names);
  });
  if (reader.events.length + reader.issues.length === before) {
    reader.events.push({ type: "ignored", ...routingOf(routing), field, reason: "no items" });
  }
}

const routingOf = (routing: Routing) => ({ phoneNumberId: routing.phoneNumberId });

function readCall(
  reader: Reader,
  item: unknown,
  path: string,
  routing: Routing,
  value: ChangeValue,
  names: Map<string, string>,
): void {
  const event = isRecord(item) ? item.event : undefined;
  if (event === "connect") {
    const call = v.safeParse(ConnectCallSchema, item);
    if (!call.success) return void reader.issues.push(...issuesAt(path, call.issues));
    const c = call.output;
    const common = { ...routing, callId: c.id, timestampMs: c.timestamp };
    const callbackData = c.biz_opaque_callback_data;
    if (c.session.sdp_type === "offer") {
      const contactName = names.get(c.from);
      reader.events.push({
        type: "inbound_call",
        ...common,
        waId: c.from,
        ...(contactName && { contactName }),
        sdpOffer: c.session.sdp,
      });
    } else {
      reader.events.push({
        type: "call_answer",
        ...common,
        waId: c.to,
        sdpAnswer: c.session.sdp,
        ...(callbackData !== undefined && { callbackData }),
      });
    }
    return;
  }
  if (event === "terminate") {
    const call = v.safeParse(TerminateCallSchema, item);
    if (!call.success) return void reader.issues.push(...issuesAt(path, call.issues));
    const c = call.output;
    const outbound = c.direction === "BUSINESS_INITIATED";
    reader.events.push({
      type: "call_terminated",
      ...routing,
      callId: c.id,
      timestampMs: c.timestamp,
      waId: outbound ? c.to : c.from,
      direction: outbound ? "outbound" : "inbound",
      status: c.status,
      ...(c.duration !== undefined && { durationSeconds: c.duration }),
      ...(c.start_time !== undefined && { startedAtMs: c.start_time }),
      ...(c.end_time !== undefined && { endedAtMs: c.end_time }),
      ...(c.biz_opaque_callback_data !== undefined && {
        callbackData: c.biz_opaque_callback_data,
      }),
      errors: (value.errors ?? []).map((e) => ({ code: e.code, message: e.message ?? "" })),
    });
    return;
  }
  if (typeof event === "string") {
    reader.events.push({
      type: "ignored",
      ...routingOf(routing),
      field: "calls",
      reason: `call event ${quoted(event)}`,
    });
    return;
  }
  reader.issues.push({ path: `${path}.event`, message: "must be a call event name (a string)" });
}

function readStatus(
  reader: Reader,
  item: unknown,
  path: string,
  routing: Routing,
  field: string,
): void {
  const ignore = (reason: string) =>
    reader.events.push({ type: "ignored", ...routingOf(routing), field, reason });
  if (!isRecord(item) || item.type !== "call") return void ignore("a message status");
  const known: readonly unknown[] = CALL_STATUSES;
  if (typeof item.status === "string" && !known.includes(item.status)) {
    return void ignore(`call status ${quoted(item.status)}`);
  }
  const status = v.safeParse(CallStatusSchema, item);
  if (!status.success) return void reader.issues.push(...issuesAt(path, status.issues));
  const s = status.output;
  reader.events.push({
    type: "call_status",
    ...routing,
    callId: s.id,
    timestampMs: s.timestamp,
    waId: s.recipient_id,
    status: s.status,
    ...(s.biz_opaque_callback_data !== undefined && { callbackData: s.biz_opaque_callback_data }),
  });
}

function readMessage(
  reader: Reader,
  item: unknown,
  path: string,
  routing: Routing,
  field: string,
  names: Map<string, string>,
): void {
  const record = isRecord(item) ? item : {};
  const interactive = isRecord(record.interactive) ? record.interactive : {};
  if (record.type !== "interactive" || interactive.type !== "call_permission_reply") {
    const kind =
      record.type === "interactive"
        ? `interactive ${quoted(interactive.type)}`
        : quoted(record.type);
    reader.events.push({
      type: "ignored",
      ...routingOf(routing),
      field,
      reason: `message of type ${kind}`,
    });
    return;
  }
  const message = v.safeParse(PermissionReplySchema, item);
  if (!message.success) return void reader.issues.push(...issuesAt(path, message.issues));
  const m = message.output;
  const reply = m.interactive.call_permission_reply;
  const contactName = names.get(m.from);
  reader.events.push({
    type: "permission_reply",
    ...routing,
    timestampMs: m.timestamp,
    waId: m.from,
    ...(contactName && { contactName }),
    messageId: m.id,
    granted: reply.response === "accept",
    ...(reply.is_permanent !== undefined && { permanent: reply.is_permanent }),
    ...(reply.expiration_timestamp !== undefined && { expiresAtMs: reply.expiration_timestamp }),
    ...(reply.response_source !== undefined && { responseSource: reply.response_source }),
  });
}
