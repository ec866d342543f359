import { ToolFailure } from "../calls/tool-port";
import type { CredentialValues } from "../domain/credentials";

/** A tenant's stored credential by name, revealed (the credential store, wired in startup/). */
export type RevealCredential = (tenantId: string, name: string) => Promise<CredentialValues>;

/**
 * The header an `http_auth` credential adds to a tool's requests. A missing credential, or one
 * of another kind, fails the tool with a message naming only the credential.
 */
export async function authHeaders(
  reveal: RevealCredential,
  tenantId: string,
  name: string | undefined,
): Promise<Record<string, string>> {
  if (name === undefined) return {};
  let values: CredentialValues;
  try {
    values = await reveal(tenantId, name);
  } catch {
    throw new ToolFailure("configuration", `the credential ${name} is not set`);
  }
  if (values.kind !== "http_auth")
    throw new ToolFailure("configuration", `the credential ${name} is not an http_auth credential`);
  switch (values.scheme) {
    case "bearer":
      return { authorization: `Bearer ${values.value}` };
    case "basic":
      return {
        authorization: `Basic ${Buffer.from(`${values.username}:${values.password}`).toString("base64")}`,
      };
    case "header":
      return { [values.headerName.toLowerCase()]: values.value };
  }
}
