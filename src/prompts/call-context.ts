import type { CallDirection } from "../domain/call";
import type { Language } from "../domain/languages";

/** Per-call facts that fill `{{variables}}` and tell the agent who is on the line. */
export interface CallContext {
  /** Outbound calls use the agent's `outbound` greeting and instructions. Default inbound. */
  direction?: CallDirection;
  contactName?: string;
  contactNumber?: string;
  /** Values from the call request (an outbound call's `variables`). */
  variables?: Record<string, string>;
  /** The language the channel says the caller uses (Wati's `voiceLanguage`). */
  callerLanguage?: Language;
  /** When the call starts; shown to the model as local time when the business has a time zone. */
  now?: Date;
}
