import type { Logger } from "../log/logger";

/** Who is calling: the operator (every tenant) or one tenant through one of its keys. */
export type Principal = { kind: "admin" } | { kind: "tenant"; tenantId: string; keyId: string };

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal;
  };
}
