import { createHmac } from "node:crypto";
import { normalisePhone } from "../domain/phone";

/**
 * Finds calls by the other party's number without keeping it: each call keeps an HMAC of the
 * normalised number, keyed from the secrets key and bound to the tenant, so the same number
 * hashes differently for two tenants and a leaked database does not confirm a guessed number.
 */
export class PhoneHasher {
  private readonly key: Buffer;

  constructor(secretsKey: Uint8Array) {
    this.key = createHmac("sha256", secretsKey).update("astra-voice phone hashes v1").digest();
  }

  /** Null when `number` is not a phone number (a browser caller, say). */
  hash(tenantId: string, number: string): string | null {
    const digits = normalisePhone(number);
    if (digits === null) return null;
    return createHmac("sha256", this.key).update(`${tenantId}:${digits}`).digest("base64url");
  }
}
