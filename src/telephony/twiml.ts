/** The few TwiML documents the gateway gives Twilio. */

function xmlAttr(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** Connects the call to a bidirectional media stream at `url`. */
export function connectStreamTwiml(url: string): string {
  return `${HEAD}<Response><Connect><Stream url="${xmlAttr(url)}"/></Connect></Response>`;
}

/** Declines the call without answering it (the caller hears busy). */
export function rejectTwiml(): string {
  return `${HEAD}<Response><Reject reason="busy"/></Response>`;
}

/** Hands the call to a phone number (already checked to be one, in international form). */
export function dialTwiml(number: string): string {
  return `${HEAD}<Response><Dial>${xmlAttr(number)}</Dial></Response>`;
}
