import type { WhatsAppChannel } from "../domain/binding";
import type { CallPermission } from "./call-permission";

export type { CallPermission, CallPermissionLimit } from "./call-permission";

/**
 * What a provider can do, so the call engine branches on abilities, not on provider names.
 * - `preAccept`: a `pre_accept` step exists (Meta); without it `preAccept()` sends nothing.
 * - `nativeReject`: a real reject exists; otherwise `reject()` ends the call with terminate.
 * - `permissionRequestText`: the permission request carries our text; otherwise the provider
 *   words the request itself and `bodyText` is not sent.
 */
export interface WhatsAppCapabilities {
  preAccept: boolean;
  nativeReject: boolean;
  permissionRequestText: boolean;
}

export interface ActionOptions {
  /** Cancels the request (and any retry wait): the call's or turn's signal. */
  signal?: AbortSignal;
}

export interface CallbackOptions extends ActionOptions {
  /** Meta's `biz_opaque_callback_data`: comes back on the call's later webhooks. */
  callbackData?: string;
}

/**
 * The actions on a WhatsApp call outside the gateway, one instance per business number
 * (Meta phone_number_id, or Wati tenant and business number). Every method rejects with a
 * `ProviderError` on failure. Which requests are retried (only idempotent ones, after 5xx,
 * network or timeout failures): preAccept, accept, reject, terminate, getCallPermission. Never
 * retried: connect (a repeat would ring the user twice), requestCallPermission (a repeat
 * would send a second message and spend the user's request allowance) and sendText (a repeat
 * would be a second message).
 */
export interface WhatsAppProvider {
  readonly channel: WhatsAppChannel;
  readonly capabilities: WhatsAppCapabilities;

  /** Sends our SDP answer before accepting, so media is up when the call connects. */
  preAccept(callId: string, answerSdp: string, options?: ActionOptions): Promise<void>;
  accept(callId: string, answerSdp: string, options?: CallbackOptions): Promise<void>;
  /** `reason` is for our records only: neither API takes one. */
  reject(callId: string, reason?: string, options?: ActionOptions): Promise<void>;
  terminate(callId: string, options?: ActionOptions): Promise<void>;
  /** Rings `to` (a wa_id / phone number) with our offer; the answer arrives by webhook. */
  connect(to: string, offerSdp: string, options?: CallbackOptions): Promise<{ callId: string }>;
  getCallPermission(to: string, options?: ActionOptions): Promise<CallPermission>;
  requestCallPermission(
    to: string,
    bodyText: string,
    options?: ActionOptions,
  ): Promise<{ messageId?: string }>;
  /**
   * A plain text message to `to` in the conversation the user opened (a call counts on Meta; on
   * Wati it must fall inside the 24-hour session window), e.g. a follow-up after a call.
   */
  sendText(to: string, text: string, options?: ActionOptions): Promise<{ messageId?: string }>;
}
