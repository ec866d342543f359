import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { WhoAmI } from "../api/api-types.gen";
import type { ApiClient } from "../api/client";

/** The signed-in console: its API client, who the key is, and the tenant pages act on. */
export interface Session {
  api: ApiClient;
  who: WhoAmI;
  /** A tenant key's own tenant, or the one the admin picked; null until the admin picks one. */
  tenantId: string | null;
  pickTenant(tenantId: string | null): void;
  /** Tells the tenant picker that tenants were created or renamed. */
  tenantsChanged(): void;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in console");
  return session;
}

/** The tenant a tenant-scoped page acts on; the shell renders those pages only once there is one. */
export function useTenantId(): string {
  const { tenantId } = useSession();
  if (!tenantId) throw new Error("a tenant-scoped page was shown without a tenant");
  return tenantId;
}
