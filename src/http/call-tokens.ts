import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Short-lived tokens that let a public demo page call one agent, and nothing else. Stateless:
 * `avt_<payload>.<HMAC-SHA256 of payload>`, so any machine holding the key can check them.
 */
export interface CallTokenClaims {
  tenantId: string;
  agentId: string;
  /** Expiry, Unix milliseconds. */
  exp: number;
}

export type CallTokenCheck =
  | { ok: true; claims: CallTokenClaims }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

export class CallTokens {
  private readonly key: Buffer;

  /** The signing key is derived from the secrets key, so it is not one more thing to configure. */
  constructor(secretsKey: Uint8Array) {
    this.key = createHmac("sha256", secretsKey).update("astra-voice call tokens v1").digest();
  }

  mint(claims: CallTokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `avt_${payload}.${this.sign(payload)}`;
  }

  check(token: string, now: number = Date.now()): CallTokenCheck {
    const match = /^avt_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match?.[1] || !match[2]) return { ok: false, reason: "malformed" };
    const expected = Buffer.from(this.sign(match[1]), "base64url");
    const given = Buffer.from(match[2], "base64url");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: "bad_signature" };
    }
    let claims: CallTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(match[1], "base64url").toString("utf8"));
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (typeof claims.exp !== "number" || claims.exp <= now)
      return { ok: false, reason: "expired" };
    return { ok: true, claims };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }
}
