import { conflict, DomainError } from "../domain/errors";
import type { CallLimits, CallTarget } from "./call-request";
import type { CallSlots } from "./call-slots";
import type { MonthlyQuota } from "./monthly-quota";
import type { AgentCatalogue, TenantDirectory } from "./ports";
import type { TenantCallSlots } from "./tenant-call-slots";

export interface CallTargetsDeps {
  agents: AgentCatalogue;
  tenants: TenantDirectory;
  limits: Pick<CallLimits, "defaultMaxConcurrentCallsPerTenant">;
  quota?: MonthlyQuota | undefined;
  slots: CallSlots;
  tenantSlots: TenantCallSlots;
}

/**
 * Which agent version a call runs and under which limits: the agent must be callable, its tenant
 * active, within its concurrent calls (checked early; CallService takes the slot) and its minutes.
 */
export class CallTargets {
  constructor(private readonly deps: CallTargetsDeps) {}

  /** A given published version of the agent: an outbound call keeps the one it was placed with. */
  async targetAt(tenantId: string, agentId: string, version: number): Promise<CallTarget> {
    const [found, tenant] = await Promise.all([
      this.deps.agents.getVersion(tenantId, agentId, version),
      this.deps.tenants.get(tenantId),
    ]);
    await this.deps.quota?.check(tenant);
    return {
      tenantId,
      agentId,
      version: found.version,
      config: found.config,
      concurrentCallLimit: this.tenantLimit(tenant),
    };
  }

  /** The agent's published version, or a 4xx saying why it cannot take calls. */
  async target(tenantId: string | null, agentId: string): Promise<CallTarget> {
    const agent = await this.deps.agents.get(tenantId, agentId);
    if (agent.publishedVersion === null) {
      throw conflict("agent has no published version; publish it before calling it");
    }
    const tenant = await this.deps.tenants.get(agent.tenantId);
    if (tenant.status !== "active") throw new DomainError("forbidden", "tenant is suspended");
    const concurrentCallLimit = this.tenantLimit(tenant);
    // Refused early here; start() takes the slot for real.
    this.deps.slots.check(tenant.id, concurrentCallLimit);
    await this.deps.tenantSlots.check(tenant.id, concurrentCallLimit);
    await this.deps.quota?.check(tenant);
    const version = await this.deps.agents.getVersion(
      agent.tenantId,
      agent.id,
      agent.publishedVersion,
    );
    return {
      tenantId: agent.tenantId,
      agentId: agent.id,
      version: version.version,
      config: version.config,
      concurrentCallLimit,
    };
  }

  /** The agent's draft as it is now, for a test call with a tenant's key. */
  async draftTarget(tenantId: string | null, agentId: string): Promise<CallTarget> {
    const agent = await this.deps.agents.get(tenantId, agentId);
    const tenant = await this.deps.tenants.get(agent.tenantId);
    if (tenant.status !== "active") throw new DomainError("forbidden", "tenant is suspended");
    const concurrentCallLimit = this.tenantLimit(tenant);
    this.deps.slots.check(tenant.id, concurrentCallLimit);
    await this.deps.tenantSlots.check(tenant.id, concurrentCallLimit);
    await this.deps.quota?.check(tenant);
    return {
      tenantId: agent.tenantId,
      agentId: agent.id,
      version: 0,
      draftRevision: agent.draftRevision,
      config: agent.draft,
      concurrentCallLimit,
    };
  }

  /** The concurrent calls a tenant may have: its own limit, or the gateway's default. */
  tenantLimit(tenant: { maxConcurrentCalls: number | null }): number {
    return tenant.maxConcurrentCalls ?? this.deps.limits.defaultMaxConcurrentCallsPerTenant;
  }
}
