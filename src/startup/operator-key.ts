import type { Env } from "../config/env";
import { AdminKey } from "../store/admin-key";

/** The operator's key: from ADMIN_API_KEY, or generated once and shown on the terminal only. */
export function loadOperatorKey(env: Env): AdminKey {
  if (env.ADMIN_API_KEY) return AdminKey.fromSecret(env.ADMIN_API_KEY);
  const loaded = AdminKey.loadOrCreate(env.DATA_DIR);
  if (loaded.generated) {
    // Shown once, on the terminal only; the log stream never carries it.
    process.stderr.write(
      `\nNo ADMIN_API_KEY set, so one was generated. It is shown only this once:\n\n  ${loaded.generated}\n\nOnly its hash is kept (${env.DATA_DIR}/admin-key.sha256).\n\n`,
    );
  }
  return loaded.adminKey;
}
