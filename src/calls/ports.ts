import type { Agent, AgentVersion } from "../domain/agent";
import type { CallChannel, CallRecord, CallStatus, NewCall, WaitingCall } from "../domain/call";
import type { Tenant } from "../domain/tenant";
import type { CallRecordSink } from "./call-records";

/**
 * What the call engine asks of storage. The engine declares these; the stores answer them, and
 * main.ts wires one to the other, so nothing under calls/ knows how records are kept.
 */

/** Published agents and the tenants they belong to. `scope` null reaches every tenant. */
export interface AgentCatalogue {
  get(scope: string | null, agentId: string): Promise<Agent>;
  getVersion(scope: string | null, agentId: string, version: number): Promise<AgentVersion>;
}

export interface TenantDirectory {
  get(tenantId: string): Promise<Tenant>;
}

/** Call records, written as the call goes. */
export interface CallLog extends CallRecordSink {
  create(call: NewCall): Promise<CallRecord>;
  setStatus(callId: string, status: CallStatus): Promise<void>;
  setProviderCallId(callId: string, providerCallId: string): Promise<void>;
  setProviderStatus(callId: string, status: string): Promise<void>;
  findByProviderCallId(
    scope: { tenantId: string; channel: CallChannel },
    providerCallId: string,
  ): Promise<CallRecord | null>;
  findByIdempotencyKey(tenantId: string, key: string): Promise<CallRecord | null>;
  /** Outbound calls on a line waiting for this user's permission, placed by `placedBy`. */
  waitingForPermission(bindingId: string, waId: string, placedBy?: string): Promise<WaitingCall[]>;
}
