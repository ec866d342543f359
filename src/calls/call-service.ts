import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel, CallDirection } from "../domain/call";
import { conflict, DomainError } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import type { ModelLeg } from "../models/model-leg";
import type { CallContext } from "../prompts/instructions";
import type { AgentStore } from "../store/agents";
import type { CallStore } from "../store/calls";
import type { TenantStore } from "../store/tenants";
import type { CallRegistry } from "./call-registry";
import { CallSession } from "./call-session";
import type { FrameClock } from "./frame-clock";
import { modelSettingsFor } from "./model-settings-for-agent";

export interface CallServiceDeps {
  agents: AgentStore;
  tenants: TenantStore;
  records: CallStore;
  registry: CallRegistry;
  clock: FrameClock;
  log: Logger;
  machineId: string;
  createModelLeg: () => ModelLeg;
}

/** A published agent version ready to take a call. */
export interface CallTarget {
  tenantId: string;
  agentId: string;
  version: number;
  config: AgentConfig;
}

export interface CallRequest<T> {
  target: CallTarget;
  channel: CallChannel;
  direction: CallDirection;
  remoteParty: string;
  providerCallId?: string;
  context: CallContext;
  /** Opens the media leg (e.g. answers an SDP offer); runs while the model session opens. */
  openMedia: () => Promise<{ leg: MediaLeg; result: T }>;
}

/** Starts calls: checks the agent and the tenant's limits, opens model and media together. */
export class CallService {
  constructor(private readonly deps: CallServiceDeps) {}

  /** The agent's published version, or a 4xx saying why it cannot take calls. */
  async target(tenantId: string | null, agentId: string): Promise<CallTarget> {
    const agent = await this.deps.agents.get(tenantId, agentId);
    if (agent.publishedVersion === null) {
      throw conflict("agent has no published version; publish it before calling it");
    }
    const tenant = await this.deps.tenants.get(agent.tenantId);
    if (tenant.status !== "active") throw new DomainError("forbidden", "tenant is suspended");
    const limit = tenant.maxConcurrentCalls;
    if (limit !== null && this.deps.registry.countFor(tenant.id) >= limit) {
      throw new DomainError("rate_limited", `tenant is at its limit of ${limit} concurrent calls`);
    }
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
    };
  }

  async start<T>(request: CallRequest<T>): Promise<{ session: CallSession; result: T }> {
    const { target } = request;
    const model = this.deps.createModelLeg();
    const settings = modelSettingsFor(target.config, request.context, []);
    const modelConnection = model.connect(settings);
    // The session handles a failed connect; this keeps it from counting as unhandled meanwhile.
    modelConnection.catch(() => {});
    let media: { leg: MediaLeg; result: T };
    try {
      media = await request.openMedia();
    } catch (error) {
      await model.close("media_failed");
      throw error;
    }
    const id = newId("call");
    const log = this.deps.log.child({ callId: id, tenantId: target.tenantId });
    try {
      await this.deps.records.create({
        id,
        tenantId: target.tenantId,
        agentId: target.agentId,
        agentVersion: target.version,
        channel: request.channel,
        direction: request.direction,
        providerCallId: request.providerCallId ?? null,
        remoteParty: request.remoteParty,
        machineId: this.deps.machineId,
      });
    } catch (error) {
      await Promise.allSettled([model.close("error"), media.leg.close("error")]);
      throw error;
    }
    const session = new CallSession({
      id,
      config: target.config,
      context: request.context,
      media: media.leg,
      model,
      modelConnection,
      clock: this.deps.clock,
      records: this.deps.records,
      log,
    });
    this.deps.registry.add(session, target.tenantId, target.agentId);
    session.start();
    log.info("call started", {
      channel: request.channel,
      agentId: target.agentId,
      version: target.version,
    });
    void session.ended.then((reason) => log.info("call ended", { reason }));
    return { session, result: media.result };
  }
}
