import type { WebhookRoute, WhatsAppChannel } from "../../domain/binding";
import type { Language } from "../../domain/languages";

export type { WebhookRoute, WhatsAppChannel } from "../../domain/binding";

/**
 * What a WhatsApp line's webhooks ask of the call engine, the same for Meta and Wati: the webhook
 * routes turn each provider's events into these. `address` is the business line the event names
 * (Meta names it on every event; Wati only on new calls and permission replies).
 */
export type LineEvent =
  | {
      type: "inbound_call";
      address: string;
      callId: string;
      /** The caller's number: only used to reply and for the agent's context, never logged. */
      waId?: string | undefined;
      contactName?: string | undefined;
      /** The language the provider says the caller uses (Wati's voiceLanguage). */
      language?: Language | undefined;
      sdpOffer: string;
    }
  | { type: "call_answer"; address?: string | undefined; callId: string; sdpAnswer: string }
  | {
      type: "call_terminated";
      address?: string | undefined;
      callId: string;
      status?: string | undefined;
      durationSeconds?: number | undefined;
    }
  | { type: "call_status"; address?: string | undefined; callId: string; status: string }
  | {
      type: "permission_reply";
      address: string;
      waId: string;
      granted: boolean;
      /** The provider's id of the reply message (Meta), which makes a replay recognisable. */
      replyId?: string | undefined;
      /** When the user replied (Meta), Unix milliseconds: older than the request means a replay. */
      repliedAtMs?: number | undefined;
    };

/** Acts on a webhook's events, on the lines of the route it arrived on only. */
export type LineEventSink = (
  channel: WhatsAppChannel,
  event: LineEvent,
  route: WebhookRoute,
) => void;
