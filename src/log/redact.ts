/**
 * Scrubs secrets, tokens, SDP credentials and phone numbers out of anything about to be logged.
 * Keys are matched by name; free text is matched by shape, so a secret that slips into a message
 * string is caught too.
 */

// Token counts ("inputTokens") are usage, not secrets: only names ending in "token" are.
const SECRET_KEY_NAMES =
  /(authorization|secret|password|api[-_]?key|cookie|credential|sdp|signature|phone|wa_?id|msisdn|contact)|token$|^(to|from)$/i;

const TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]"],
  [/\bav_(?:admin|key)_[A-Za-z0-9_-]+/g, "[api-key]"],
  // Call tokens, and the secret in a tenant's Wati webhook URL (it reaches request paths).
  [/\bavt_[A-Za-z0-9._-]+/g, "[call-token]"],
  [/\bavw_[A-Za-z0-9_-]+/g, "[webhook-token]"],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, "[api-key]"],
  [/a=(ice-pwd|ice-ufrag|fingerprint):[^\r\n"\\]+/g, "a=$1:[redacted]"],
  // E.164-like runs of 8–15 digits, optionally with a leading +. Runs that are part of a larger
  // token (ids with letters, UUID groups joined by hyphens) are left alone.
  [/(?<![\w.-])\+?\d[\d -]{6,17}\d(?![\w.-])/g, "[phone]"],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[deep]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        SECRET_KEY_NAMES.test(key) && item != null ? "[redacted]" : redact(item, depth + 1);
    }
    return out;
  }
  return value;
}
