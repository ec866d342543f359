import { ProviderError, type ProviderName } from "./provider-error";

/**
 * A user's WhatsApp id as the APIs take it: the phone number's digits, without `+`, spaces or
 * dashes. Anything else is refused before a request is sent.
 */
export function toWaId(provider: ProviderName, action: string, to: string): string {
  const digits = to.replace(/[\s()+-]/g, "");
  if (/^\d{6,15}$/.test(digits)) return digits;
  throw new ProviderError(
    { provider, action, category: "invalid_request", status: 0, attempts: 0 },
    `${provider} ${action} refused: the recipient is not a phone number`,
  );
}
