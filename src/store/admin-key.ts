import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashKey, mintAdminKey, sameHash } from "./key-material";

/**
 * The operator's key. Given in the environment it is used as is; otherwise one is generated on
 * first start, shown once, and only its hash is kept under the data folder.
 */
export class AdminKey {
  private constructor(private readonly hash: string) {}

  static fromSecret(secret: string): AdminKey {
    return new AdminKey(hashKey(secret));
  }

  /** Returns the key itself only when it was just generated, so the caller can show it once. */
  static loadOrCreate(dataDir: string): { adminKey: AdminKey; generated: string | null } {
    const path = join(dataDir, "admin-key.sha256");
    if (existsSync(path)) {
      return { adminKey: new AdminKey(readFileSync(path, "utf8").trim()), generated: null };
    }
    const key = mintAdminKey();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${hashKey(key)}\n`, { mode: 0o600 });
    return { adminKey: AdminKey.fromSecret(key), generated: key };
  }

  matches(presented: string): boolean {
    return sameHash(hashKey(presented), this.hash);
  }
}
