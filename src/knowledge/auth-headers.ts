import type { CredentialValues } from "../domain/credentials";

/** The header an http_auth credential adds to a request; none for other kinds. */
export function authHeaders(values: CredentialValues): Record<string, string> {
  if (values.kind !== "http_auth") return {};
  // Read by field so that every scheme the credential kind may gain is handled by name.
  const fields = values as unknown as Record<string, string | undefined>;
  switch (fields.scheme) {
    case "bearer":
      return { authorization: `Bearer ${fields.value ?? ""}` };
    case "basic": {
      const pair = `${fields.username ?? ""}:${fields.password ?? ""}`;
      return { authorization: `Basic ${Buffer.from(pair).toString("base64")}` };
    }
    case "header":
      return { [fields.headerName ?? "authorization"]: fields.value ?? "" };
    default:
      return {};
  }
}
