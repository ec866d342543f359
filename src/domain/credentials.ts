import * as v from "valibot";

const secret = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const plain = (max = 512) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const httpUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url(),
  v.regex(/^(https?|wss?):\/\//, "must be an http(s) or ws(s) URL"),
);

/** Per kind: the fields a credential holds, and which of them are secret. */
export const CREDENTIAL_KINDS = {
  whatsapp_cloud: {
    schema: v.strictObject({
      kind: v.literal("whatsapp_cloud"),
      accessToken: secret,
      appSecret: v.optional(secret),
      verifyToken: v.optional(secret),
    }),
    secrets: ["accessToken", "appSecret", "verifyToken"],
  },
  wati: {
    schema: v.strictObject({
      kind: v.literal("wati"),
      watiTenantId: plain(128),
      token: secret,
      webhookSecret: v.optional(secret),
      baseUrl: v.optional(httpUrl),
    }),
    secrets: ["token", "webhookSecret"],
  },
  livekit: {
    schema: v.strictObject({
      kind: v.literal("livekit"),
      url: httpUrl,
      apiKey: secret,
      apiSecret: secret,
    }),
    secrets: ["apiKey", "apiSecret"],
  },
  twilio: {
    /** A Twilio account (phone numbers over Media Streams): its SID and the auth token that signs its webhooks. */
    schema: v.strictObject({
      kind: v.literal("twilio"),
      accountSid: v.pipe(
        v.string(),
        v.regex(/^AC[0-9a-f]{32}$/, "must be a Twilio account SID (AC…)"),
      ),
      authToken: secret,
    }),
    secrets: ["authToken"],
  },
  dify: {
    schema: v.strictObject({ kind: v.literal("dify"), baseUrl: httpUrl, token: secret }),
    secrets: ["token"],
  },
  http_auth: {
    /** bearer: `Authorization: Bearer <value>`; basic: `Authorization: Basic …`; header: `<headerName>: <value>`. */
    schema: v.variant("scheme", [
      v.strictObject({ kind: v.literal("http_auth"), scheme: v.literal("bearer"), value: secret }),
      v.strictObject({
        kind: v.literal("http_auth"),
        scheme: v.literal("basic"),
        username: v.pipe(plain(256), v.regex(/^[^:]*$/, "must not contain ':'")),
        password: secret,
      }),
      v.strictObject({
        kind: v.literal("http_auth"),
        scheme: v.literal("header"),
        headerName: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name")),
        value: secret,
      }),
    ]),
    secrets: ["value", "password"],
  },
} as const;

export type CredentialKind = keyof typeof CREDENTIAL_KINDS;

export const CredentialValuesSchema = v.variant("kind", [
  CREDENTIAL_KINDS.whatsapp_cloud.schema,
  CREDENTIAL_KINDS.wati.schema,
  CREDENTIAL_KINDS.livekit.schema,
  CREDENTIAL_KINDS.twilio.schema,
  CREDENTIAL_KINDS.dify.schema,
  CREDENTIAL_KINDS.http_auth.schema,
]);
export type CredentialValues = v.InferOutput<typeof CredentialValuesSchema>;

/** What a credential looks like from outside: its secret fields masked. */
export interface MaskedCredential {
  id: string;
  tenantId: string;
  name: string;
  kind: CredentialKind;
  values: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** Shows at most the last four characters of a long secret, nothing of a short one. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `••••${value.slice(-4)}` : "••••";
}

export function maskValues(values: CredentialValues): Record<string, string> {
  const secretFields: readonly string[] = CREDENTIAL_KINDS[values.kind].secrets;
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    if (field === "kind" || typeof value !== "string") continue;
    out[field] = secretFields.includes(field) ? maskSecret(value) : value;
  }
  return out;
}
