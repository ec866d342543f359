import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Twilio's request signature (`X-Twilio-Signature`): HMAC-SHA1 with the account's auth token
 * over the full URL Twilio called followed by each POST parameter's name and value, sorted by
 * name, in base64.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signed = url + sorted.map(([name, value]) => name + value).join("");
  return createHmac("sha1", authToken).update(signed, "utf8").digest("base64");
}

/** Whether `given` is the signature of this request; compared in constant time. */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyArray<readonly [string, string]>,
  given: string | undefined,
): boolean {
  if (!given) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
