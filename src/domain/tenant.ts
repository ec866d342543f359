import type { Brand } from "./brand";

export type TenantStatus = "active" | "suspended";

export interface Tenant {
  id: string;
  name: string;
  status: TenantStatus;
  plan: string | null;
  /** Calls beyond this many at once are refused; null means no limit. */
  maxConcurrentCalls: number | null;
  /** Call minutes a UTC calendar month allows; calls beyond are declined. Null means no limit. */
  monthlyMinutes: number | null;
  metadata: Record<string, string>;
  /** How its public pages (the demo phone) look; null when it has none. */
  brand: Brand | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  tenantId: string;
  name: string;
  /** The public start of the key, enough to recognise it, never enough to use it. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
