import type { LineEvent } from "../calls/whatsapp/line-events";
import { languageFromTag } from "../domain/languages";
import type { WatiEvent } from "./wati-events";
import type { WhatsAppEvent } from "./whatsapp-events";

/** A Meta event as the call engine wants it, or null for events it does not act on. */
export function lineEventFromMeta(event: WhatsAppEvent): LineEvent | null {
  switch (event.type) {
    case "inbound_call":
      return {
        type: "inbound_call",
        address: event.phoneNumberId,
        callId: event.callId,
        waId: event.waId,
        contactName: event.contactName,
        sdpOffer: event.sdpOffer,
      };
    case "call_answer":
      return {
        type: "call_answer",
        address: event.phoneNumberId,
        callId: event.callId,
        sdpAnswer: event.sdpAnswer,
      };
    case "call_terminated":
      return {
        type: "call_terminated",
        address: event.phoneNumberId,
        callId: event.callId,
        status: event.status,
        durationSeconds: event.durationSeconds,
      };
    case "call_status":
      return {
        type: "call_status",
        address: event.phoneNumberId,
        callId: event.callId,
        status: event.status,
      };
    case "permission_reply":
      return {
        type: "permission_reply",
        address: event.phoneNumberId,
        waId: event.waId,
        granted: event.granted,
        replyId: event.messageId,
        repliedAtMs: event.timestampMs,
      };
    case "ignored":
      return null;
    default:
      return event satisfies never;
  }
}

/** A Wati event as the call engine wants it, or null for events it does not act on. */
export function lineEventFromWati(event: WatiEvent): LineEvent | null {
  switch (event.type) {
    case "inbound_call":
      return {
        type: "inbound_call",
        address: event.businessNumber,
        callId: event.callId,
        waId: event.waId,
        contactName: event.contactName,
        language: languageFromTag(event.voiceLanguage),
        sdpOffer: event.sdpOffer,
      };
    case "call_answer":
      return { type: "call_answer", callId: event.callId, sdpAnswer: event.sdpAnswer };
    case "call_terminated":
      return { type: "call_terminated", callId: event.callId };
    case "call_status":
      return { type: "call_status", callId: event.callId, status: event.status };
    case "permission_reply":
      return {
        type: "permission_reply",
        address: event.businessNumber,
        waId: event.waId,
        granted: event.granted,
      };
    case "ignored":
      return null;
    default:
      return event satisfies never;
  }
}
