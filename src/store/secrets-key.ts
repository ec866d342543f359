import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSecretsKey } from "./secret-box";

/**
 * The key that seals credentials. Production sets SECRETS_KEY; a machine started with no
 * configuration gets one generated beside its database so it runs at once (and says so).
 */
export function loadSecretsKey(
  configured: string | undefined,
  dataDir: string,
): { key: Uint8Array<ArrayBuffer>; source: "environment" | "file" | "generated" } {
  if (configured) return { key: parseSecretsKey(configured), source: "environment" };
  const path = join(dataDir, "secrets.key");
  if (existsSync(path))
    return { key: parseSecretsKey(readFileSync(path, "utf8").trim()), source: "file" };
  const key = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${key.toString("hex")}\n`, { mode: 0o600 });
  return { key: Uint8Array.from(key), source: "generated" };
}
