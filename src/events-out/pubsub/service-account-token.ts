import * as v from "valibot";
import type { Fetch } from "../../net/guarded-fetch";

/** The fields of a Google service-account key file that signing in needs. */
export const ServiceAccountSchema = v.object({
  client_email: v.pipe(v.string(), v.email()),
  private_key: v.pipe(v.string(), v.includes("PRIVATE KEY")),
  private_key_id: v.optional(v.string()),
  token_uri: v.optional(v.pipe(v.string(), v.url()), "https://oauth2.googleapis.com/token"),
});
export type ServiceAccount = v.InferOutput<typeof ServiceAccountSchema>;

const PUBSUB_SCOPE = "https://www.googleapis.com/auth/pubsub";

const base64url = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes).toString(
    "base64url",
  );

/**
 * OAuth access tokens for a service account: a JWT signed (RS256, WebCrypto) with its key is
 * exchanged at its token URI; the token is kept until a minute before it expires.
 */
export class ServiceAccountToken {
  private cached: { token: string; expiresMs: number } | null = null;
  private key: Promise<CryptoKey> | null = null;

  constructor(
    private readonly account: ServiceAccount,
    private readonly fetch: Fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresMs - 60_000) return this.cached.token;
    const assertion = await this.signedAssertion();
    const response = await this.fetch(this.account.token_uri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion,
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the token endpoint answered ${response.status}`);
    }
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== "string") throw new Error("no access_token in the answer");
    const seconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
    this.cached = { token: body.access_token, expiresMs: this.now() + seconds * 1000 };
    return body.access_token;
  }

  private async signedAssertion(): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    const header = {
      alg: "RS256",
      typ: "JWT",
      ...(this.account.private_key_id && { kid: this.account.private_key_id }),
    };
    const claims = {
      iss: this.account.client_email,
      scope: PUBSUB_SCOPE,
      aud: this.account.token_uri,
      iat: issuedAt,
      exp: issuedAt + 3600,
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    this.key ??= importPrivateKey(this.account.private_key);
    const signature = await crypto.subtle.sign(
      "RSASSA-PKCS1-v1_5",
      await this.key,
      new TextEncoder().encode(unsigned),
    );
    return `${unsigned}.${base64url(new Uint8Array(signature))}`;
  }
}

function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return crypto.subtle.importKey(
    "pkcs8",
    Uint8Array.from(der),
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
}
