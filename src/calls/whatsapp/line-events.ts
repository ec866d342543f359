/**
 * What a WhatsApp line's webhooks ask of the call engine, the same for Meta and Wati: the webhook
 * routes turn each provider's events into these.
 */
export type LineEvent =
  | {
      type: "inbound_call";
      address: string;
      callId: string;
      /** The caller's number: only used to reply and for the agent's context, never logged. */
      waId?: string | undefined;
      contactName?: string | undefined;
      sdpOffer: string;
    }
  | { type: "call_answer"; callId: string; sdpAnswer: string }
  | {
      type: "call_terminated";
      callId: string;
      status?: string | undefined;
      durationSeconds?: number | undefined;
    }
  | { type: "call_status"; callId: string; status: string }
  | { type: "permission_reply"; address: string; waId: string; granted: boolean };
