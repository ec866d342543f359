/**
 * What Wati's calling webhooks and callbacks can tell the gateway, as a closed union with the same
 * event names as the Meta one (`WhatsAppEvent`). Wati bodies carry no timestamp, so
 * `receivedAtMs` is when the gateway read them.
 *
 * `waId` is the WhatsApp user's number: keep it only to reply to them, never log it.
 */

/** A user calls the business (New Inbound Call webhook). */
export interface WatiInboundCall {
  type: "inbound_call";
  callId: string;
  /** The business number, digits only: routes with BindingStore.resolve("wati", businessNumber). */
  businessNumber: string;
  watiTenantId?: string;
  waId?: string;
  contactName?: string;
  voiceLanguage?: string;
  sdpOffer: string;
  receivedAtMs: number;
}

/** The callee's SDP answer to a business-initiated call (outbound callback). */
export interface WatiCallAnswer {
  type: "call_answer";
  callId: string;
  sdpAnswer: string;
  receivedAtMs: number;
}

/** The call ended (terminate webhook). Wati sends no status or duration. */
export interface WatiCallTerminated {
  type: "call_terminated";
  callId: string;
  receivedAtMs: number;
}

/** A business-initiated call's progress (outbound callback). */
export interface WatiCallStatus {
  type: "call_status";
  callId: string;
  status: "RINGING" | "ACCEPTED" | "REJECTED" | "ENDED";
  receivedAtMs: number;
}

/** The user's answer to a call permission request (outbound callback). */
export interface WatiPermissionReply {
  type: "permission_reply";
  waId: string;
  /** `channelPhoneNumber`, digits only: the business number the permission is for. */
  businessNumber: string;
  granted: boolean;
  /** Wati's own status word (e.g. "granted"), kept for the record. */
  status: string;
  watiTenantId?: string;
  receivedAtMs: number;
}

/** A body that is well formed but not something the gateway acts on. */
export interface WatiIgnored {
  type: "ignored";
  reason: string;
  receivedAtMs: number;
}

export type WatiEvent =
  | WatiInboundCall
  | WatiCallAnswer
  | WatiCallTerminated
  | WatiCallStatus
  | WatiPermissionReply
  | WatiIgnored;
