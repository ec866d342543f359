/**
 * What a Meta Cloud API webhook can tell the gateway, as a closed union: switch on `type` and end
 * in `never`. Every event carries `phoneNumberId`, the business number's id that routes it to a
 * tenant and agent (BindingStore.resolve("whatsapp_cloud", phoneNumberId)).
 *
 * `waId` is the WhatsApp user's number: keep it only to reply to them, never log it (use
 * `whatsAppEventLogFields`).
 */

interface Routed {
  /** Meta's phone_number_id of the business number the event belongs to. */
  phoneNumberId: string;
  /** The WhatsApp Business Account id (`entry[].id`). */
  wabaId: string;
  /** When Meta says the event happened, in Unix milliseconds. */
  timestampMs: number;
}

/** A user calls the business: the `connect` webhook with an SDP offer. */
export interface WhatsAppInboundCall extends Routed {
  type: "inbound_call";
  callId: string;
  /** The caller's wa_id (`from`). */
  waId: string;
  contactName?: string;
  /** The caller's offer, with CRLF line ends. */
  sdpOffer: string;
}

/** The user answered a business-initiated call: the `connect` webhook with an SDP answer. */
export interface WhatsAppCallAnswer extends Routed {
  type: "call_answer";
  callId: string;
  /** The callee's wa_id (`to`). */
  waId: string;
  sdpAnswer: string;
  callbackData?: string;
}

export interface WhatsAppCallErrorInfo {
  code: number;
  message: string;
}

/** A call ended (either direction): the `terminate` webhook. */
export interface WhatsAppCallTerminated extends Routed {
  type: "call_terminated";
  callId: string;
  /** The other party: `from` on user-initiated calls, `to` on business-initiated ones. */
  waId: string;
  direction: "inbound" | "outbound";
  status: "COMPLETED" | "FAILED";
  durationSeconds?: number;
  startedAtMs?: number;
  endedAtMs?: number;
  callbackData?: string;
  /** `value.errors[]` Meta sent alongside, if any. */
  errors: WhatsAppCallErrorInfo[];
}

/** A business-initiated call's progress (`statuses[]` with `type: "call"`). Audit only. */
export interface WhatsAppCallStatus extends Routed {
  type: "call_status";
  callId: string;
  waId: string;
  status: "RINGING" | "ACCEPTED" | "REJECTED";
  callbackData?: string;
}

/** The user's answer to a call permission request (`messages` field, interactive reply). */
export interface WhatsAppPermissionReply extends Routed {
  type: "permission_reply";
  waId: string;
  contactName?: string;
  messageId: string;
  granted: boolean;
  permanent?: boolean;
  /** When a temporary grant runs out, Unix milliseconds. */
  expiresAtMs?: number;
  responseSource?: string;
}

/** Something that is not a call event (a text message, a delivery status...): acknowledge, log. */
export interface WhatsAppIgnored {
  type: "ignored";
  phoneNumberId?: string;
  /** The webhook field it came on (`messages`, `calls`, `account_update`...). */
  field: string;
  reason: string;
}

export type WhatsAppEvent =
  | WhatsAppInboundCall
  | WhatsAppCallAnswer
  | WhatsAppCallTerminated
  | WhatsAppCallStatus
  | WhatsAppPermissionReply
  | WhatsAppIgnored;
