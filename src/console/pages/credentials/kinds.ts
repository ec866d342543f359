import type { Credential, CredentialValues } from "../../api/api-types.gen";

// The fields each kind of credential holds, checked against the API's own types: a field the
// API renames or a kind it adds fails the typecheck here until the form follows.

export type CredentialKind = Credential["kind"];
type Variant = CredentialValues extends infer V ? (V extends unknown ? V : never) : never;
type FieldOf<V> = Exclude<V extends unknown ? keyof V : never, "kind" | "scheme">;
export type HttpScheme = Extract<CredentialValues, { kind: "http_auth" }>["scheme"];

export interface CredentialField {
  name: FieldOf<Variant>;
  label: string;
  /** Typed into a password box and read back masked. */
  secret: boolean;
  optional?: boolean;
  hint?: string;
}

interface KindInfo<K extends CredentialKind> {
  label: string;
  /** What it is for, in a sentence. */
  use: string;
  fields: ReadonlyArray<CredentialField & { name: FieldOf<Extract<Variant, { kind: K }>> }>;
}

const secret = true;
const plain = false;

export const KINDS: { [K in CredentialKind]: KindInfo<K> } = {
  whatsapp_cloud: {
    label: "WhatsApp Cloud (Meta)",
    use: "Answers and places WhatsApp calls on numbers of your Meta app.",
    fields: [
      { name: "accessToken", label: "Access token", secret },
      {
        name: "appSecret",
        label: "App secret",
        secret,
        optional: true,
        hint: "Checks the signature of webhooks from your own Meta app.",
      },
      {
        name: "verifyToken",
        label: "Verify token",
        secret,
        optional: true,
        hint: "What Meta echoes when you subscribe the webhook.",
      },
    ],
  },
  wati: {
    label: "Wati (WhatsApp)",
    use: "Answers WhatsApp calls on a Wati business number.",
    fields: [
      { name: "watiTenantId", label: "Wati tenant id", secret: plain },
      { name: "token", label: "API token", secret },
      { name: "webhookSecret", label: "Webhook secret", secret, optional: true },
      {
        name: "baseUrl",
        label: "API base URL",
        secret: plain,
        optional: true,
        hint: "Only if Wati gave you one, e.g. https://live-mt-server.wati.io.",
      },
    ],
  },
  twilio: {
    label: "Twilio",
    use: "Answers calls to Twilio phone numbers. Name it “twilio”: its auth token signs their webhooks.",
    fields: [
      {
        name: "accountSid",
        label: "Account SID",
        secret: plain,
        hint: "AC followed by 32 hex digits.",
      },
      { name: "authToken", label: "Auth token", secret },
    ],
  },
  livekit: {
    label: "LiveKit",
    use: "Joins callers in rooms of your LiveKit server.",
    fields: [
      { name: "url", label: "Server URL", secret: plain, hint: "e.g. wss://example.livekit.cloud" },
      { name: "apiKey", label: "API key", secret },
      { name: "apiSecret", label: "API secret", secret },
    ],
  },
  dify: {
    label: "Dify knowledge",
    use: "Lets agents search a Dify knowledge base.",
    fields: [
      { name: "baseUrl", label: "Base URL", secret: plain },
      { name: "token", label: "API token", secret },
    ],
  },
  http_auth: {
    label: "HTTP authorization (tools)",
    use: "Sent by HTTP and MCP tools that name it.",
    fields: [
      { name: "value", label: "Token or header value", secret },
      { name: "username", label: "User name", secret: plain },
      { name: "password", label: "Password", secret },
      { name: "headerName", label: "Header name", secret: plain, hint: "e.g. X-Api-Key" },
    ],
  },
};

export const KIND_NAMES = Object.keys(KINDS) as CredentialKind[];

/** The fields an http_auth credential holds for each scheme. */
const SCHEME_FIELDS: Record<HttpScheme, readonly string[]> = {
  bearer: ["value"],
  basic: ["username", "password"],
  header: ["headerName", "value"],
};
export const HTTP_SCHEMES: Record<HttpScheme, string> = {
  bearer: "Bearer token",
  basic: "Basic (user name and password)",
  header: "A header of your choice",
};

/** The fields the form shows for `kind` (and, for http_auth, its scheme). */
export function fieldsOf(kind: CredentialKind, scheme: HttpScheme): readonly CredentialField[] {
  const fields: readonly CredentialField[] = KINDS[kind].fields;
  if (kind !== "http_auth") return fields;
  return SCHEME_FIELDS[scheme].flatMap((name) => fields.filter((f) => f.name === name));
}

/**
 * The body to PUT: the kind, the scheme for http_auth, and each field typed in; optional fields
 * left empty are left out. Whatever else is wrong, the API says, naming the field.
 */
export function valuesBody(
  kind: CredentialKind,
  scheme: HttpScheme,
  typed: Readonly<Record<string, string>>,
): CredentialValues {
  const body: Record<string, string> = { kind };
  if (kind === "http_auth") body.scheme = scheme;
  for (const field of fieldsOf(kind, scheme)) {
    const value = typed[field.name] ?? "";
    if (value === "" && field.optional) continue;
    body[field.name] = value;
  }
  return body as CredentialValues;
}
