import type { Logger } from "../log/logger";

/**
 * Who is calling: the operator (every tenant), one tenant through one of its keys, or a public
 * page holding a short-lived call token for one agent.
 */
export type Principal =
  | { kind: "admin" }
  | { kind: "tenant"; tenantId: string; keyId: string; keyExpiresAt: string | null }
  /** `tokenId` tells one token from another (a hash of it) without keeping the token itself. */
  | { kind: "call_token"; tenantId: string; agentId: string; tokenId: string };

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal;
  };
}
