import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel, CallDirection, EndReason } from "../domain/call";
import { conflict, DomainError } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import type { ModelLeg } from "../models/model-leg";
import { variablesFor } from "../prompts/variables";
import type { TranscriptChecks } from "../transcripts/call-transcript";
import type { AfterCall } from "./after-call";
import type { CallAudioTaps } from "./audio-tap";
import { builtinDeclarations } from "./builtin-tools";
import type { CallRegistry } from "./call-registry";
import type { CallLimits, CallRequest, CallTarget } from "./call-request";
import { CallSession } from "./call-session";
import { CallSlots } from "./call-slots";
import type { FrameClock } from "./frame-clock";
import type { KnowledgeSearch } from "./knowledge-port";
import { KnowledgeTurns, searchesEachTurn } from "./knowledge-turns";
import { modelSettingsFor } from "./model-settings-for-agent";
import type { MonthlyQuota } from "./monthly-quota";
import type { AgentCatalogue, CallLog, TenantDirectory } from "./ports";
import type { SessionTools } from "./tool-calls";
import type { Toolbox, ToolRunner } from "./tool-port";

export interface CallServiceDeps {
  agents: AgentCatalogue;
  tenants: TenantDirectory;
  records: CallLog;
  registry: CallRegistry;
  clock: FrameClock;
  log: Logger;
  machineId: string;
  /** The model leg for the agent version's provider; throws a DomainError when it cannot. */
  createModelLeg: (config: AgentConfig) => ModelLeg;
  limits: CallLimits;
  /** HTTP and MCP tools; without it calls offer the model only the built-in tools. */
  tools?: ToolRunner;
  /** What an agent's calls search (per-turn retrieval and lookup_knowledge), from its settings. */
  knowledge?: (settings: AgentConfig["knowledge"]) => KnowledgeSearch;
  /** The working-on-it cues by name, decoded at 48 kHz. */
  cues?: ReadonlyMap<string, Int16Array>;
  /** Work on each call's records once it has ended. */
  afterCall?: AfterCall;
  /** Re-transcription of unsure caller lines, with the gateway's default threshold. */
  transcripts?: Omit<TranscriptChecks, "language">;
  /** Tenants' monthly call minutes, checked before a call is answered or placed. */
  quota?: MonthlyQuota;
  /** Records calls whose agent has recording on. */
  recordings?: CallAudioTaps;
  /** Counts live and ended calls and times their turns (GET /metrics). */
  metrics?: {
    callStarted(session: CallSession, channel: CallChannel): void;
    callRefused(channel: CallChannel, reason: EndReason): void;
  };
}

/** How long a reply that waits for knowledge waits for the caller's final transcript first. */
const TRANSCRIPT_WAIT_MS = 1500;

/** Starts calls: checks the agent and the tenant's limits, opens model and media together. */
export class CallService {
  private readonly slots: CallSlots;

  constructor(private readonly deps: CallServiceDeps) {
    this.slots = new CallSlots(deps.registry, deps.limits.maxCallsPerMachine);
  }

  get connectTimeoutMs(): number {
    return this.deps.limits.connectTimeoutMs;
  }

  get machineId(): string {
    return this.deps.machineId;
  }

  /** The machine is draining: new calls are refused, live ones go on. */
  get draining(): boolean {
    return this.slots.draining;
  }

  /** Calls past their checks that are still opening (a drain waits for them to go live). */
  get opening(): number {
    return this.slots.opening;
  }

  /** Starts the drain: every new call (browser, outbound, WhatsApp) is refused from now on. */
  refuseNewCalls(): void {
    this.slots.close();
  }

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
    this.slots.check(tenant.id, concurrentCallLimit);
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
    this.slots.check(tenant.id, concurrentCallLimit);
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

  /** Keeps a record of a call refused before it started (unpublished agent, limits, failure). */
  async recordRefused(refused: {
    tenantId: string;
    agentId: string;
    channel: CallChannel;
    /** Default inbound. */
    direction?: CallDirection;
    providerCallId?: string;
    remoteParty: string;
    remoteNumber?: string;
    reason: string;
    /** Whether the provider was told (calls that came through one). */
    rejectSent?: boolean;
    /** Default `rejected`. */
    endReason?: EndReason;
  }): Promise<string> {
    const id = newId("call");
    const agent = await this.deps.agents.get(refused.tenantId, refused.agentId).catch(() => null);
    await this.deps.records.create({
      id,
      tenantId: refused.tenantId,
      agentId: refused.agentId,
      agentVersion: agent?.publishedVersion ?? 0,
      channel: refused.channel,
      direction: refused.direction ?? "inbound",
      providerCallId: refused.providerCallId ?? null,
      remoteParty: refused.remoteParty,
      remoteNumber: refused.remoteNumber ?? null,
      machineId: this.deps.machineId,
    });
    await this.deps.records.addEvent(id, "refused", {
      reason: refused.reason,
      ...(refused.rejectSent === undefined ? {} : { rejectSent: refused.rejectSent }),
    });
    const reason = refused.endReason ?? "rejected";
    await this.deps.records.end(id, { reason, usage: {}, metrics: {} });
    this.endedBeforeStart(refused.channel, reason);
    return id;
  }

  /** A call whose record ended before any session ran (refused, or an outbound call that failed). */
  endedBeforeStart(channel: CallChannel, reason: EndReason): void {
    this.deps.metrics?.callRefused(channel, reason);
  }

  /** The concurrent calls a tenant may have: its own limit, or the gateway's default. */
  tenantLimit(tenant: { maxConcurrentCalls: number | null }): number {
    return tenant.maxConcurrentCalls ?? this.deps.limits.defaultMaxConcurrentCallsPerTenant;
  }

  /** Per-turn knowledge search, for agents that have knowledge and a gateway that can search it. */
  private knowledgeTurnsFor(target: CallTarget, model: ModelLeg): KnowledgeTurns | undefined {
    const { config } = target;
    const knowledge = this.deps.knowledge?.(config.knowledge);
    if (!knowledge || !searchesEachTurn(config)) return undefined;
    return new KnowledgeTurns({
      model,
      search: (query, signal) =>
        knowledge.search({
          tenantId: target.tenantId,
          collectionIds: config.knowledge.collections,
          query,
          limit: config.knowledge.topK,
          signal,
        }),
      budgetMs: config.knowledge.turnBudgetMs,
      transcriptWaitMs: TRANSCRIPT_WAIT_MS,
    });
  }

  /** Opens the call: takes its slot, then opens model and media together. */
  async start<T>(request: CallRequest<T>): Promise<{ session: CallSession; result: T }> {
    const { tenantId, concurrentCallLimit } = request.target;
    const release = this.slots.take(tenantId, concurrentCallLimit);
    try {
      return await this.open(request, release);
    } finally {
      release();
    }
  }

  private async open<T>(
    request: CallRequest<T>,
    releaseSlot: () => void,
  ): Promise<{ session: CallSession; result: T }> {
    const { target } = request;
    const receivedAt = (request.receivedAt ?? new Date()).toISOString();
    const model = this.deps.createModelLeg(target.config);
    const tools = this.toolsFor(request);
    const declared = [
      ...builtinDeclarations(target.config, tools.abilities),
      ...(tools.external?.declared ?? []),
    ];
    // The prompt and the greeting depend on who placed the call.
    const context = { ...request.context, direction: request.direction };
    const knowledgeTurns = this.knowledgeTurnsFor(target, model);
    const settings = modelSettingsFor(target.config, context, declared, undefined, {
      respondsAfterRetrieval: knowledgeTurns !== undefined,
    });
    const modelConnection = model.connect(settings);
    // The session handles a failed connect; this keeps it from counting as unhandled meanwhile.
    modelConnection.catch(() => {});
    let media: { leg: MediaLeg; result: T; providerCallId?: string };
    try {
      media = await request.openMedia();
    } catch (error) {
      await Promise.allSettled([model.close("media_failed"), tools.external?.close()]);
      throw error;
    }
    const id = request.existingCallId ?? newId("call");
    const log = this.deps.log.child({ callId: id, tenantId: target.tenantId });
    const providerCallId = media.providerCallId ?? request.providerCallId;
    try {
      if (request.existingCallId) {
        if (media.providerCallId)
          await this.deps.records.setProviderCallId(id, media.providerCallId);
        await this.deps.records.setStatus(id, "connecting");
      } else
        await this.deps.records.create({
          id,
          tenantId: target.tenantId,
          agentId: target.agentId,
          agentVersion: target.version,
          draftRevision: target.draftRevision ?? null,
          channel: request.channel,
          direction: request.direction,
          providerCallId: providerCallId ?? null,
          remoteParty: request.remoteParty,
          remoteNumber: request.remoteNumber ?? null,
          machineId: this.deps.machineId,
          receivedAt,
          bindingId: request.bindingId ?? null,
        });
    } catch (error) {
      await Promise.allSettled([
        model.close("error"),
        media.leg.close("error"),
        tools.external?.close(),
      ]);
      throw error;
    }
    const session = new CallSession({
      id,
      config: target.config,
      context,
      media: media.leg,
      model,
      modelConnection,
      clock: this.deps.clock,
      records: this.deps.records,
      log,
      tools,
      ...(knowledgeTurns ? { knowledgeTurns } : {}),
      ...(this.deps.transcripts && {
        transcripts: {
          ...this.deps.transcripts,
          confidenceThreshold:
            target.config.transcripts.confidenceThreshold ??
            this.deps.transcripts.confidenceThreshold,
          ...(settings.transcription?.language && { language: settings.transcription.language }),
        },
      }),
      ...(request.ringsFirst ? {} : { connectTimeoutMs: this.deps.limits.connectTimeoutMs }),
      recorder: this.deps.recordings?.start({
        id,
        tenantId: target.tenantId,
        recordingEnabled: target.config.recording.enabled,
      }),
    });
    this.deps.registry.add(session, {
      tenantId: target.tenantId,
      agentId: target.agentId,
      channel: request.channel,
      providerCallId,
    });
    // The registry counts the call from here on.
    releaseSlot();
    this.deps.metrics?.callStarted(session, request.channel);
    session.start();
    log.info("call started", {
      channel: request.channel,
      agentId: target.agentId,
      version: target.version,
    });
    // One wide line per turn and one per call: what an operator greps when a call went wrong.
    session.events.on("turn", (timing) => log.info("turn", { ...timing }));
    void session.ended.then((reason) => {
      log.info("call ended", {
        reason,
        durationMs: Math.round(session.offsetMs),
        ...session.metrics.summary(),
        tokens: model.usage.totalTokens,
      });
      this.deps.afterCall?.callEnded({
        id,
        tenantId: target.tenantId,
        agentId: target.agentId,
        agentVersion: target.version,
        channel: request.channel,
        direction: request.direction,
        config: target.config,
        reason,
      });
    });
    return { session, result: media.result };
  }

  /** The call's tools: external ones opened for it, the built-ins' needs, the cue. */
  private toolsFor(request: CallRequest<unknown>): SessionTools {
    const { target, context } = request;
    const { config } = target;
    const external: Toolbox | undefined = this.deps.tools?.open(
      {
        tenantId: target.tenantId,
        agentId: target.agentId,
        version:
          target.draftRevision === undefined
            ? `v${target.version}`
            : `draft:${target.draftRevision}`,
      },
      config.tools,
      variablesFor(config, context).all,
    );
    return {
      tenantId: target.tenantId,
      external,
      knowledge: this.deps.knowledge?.(config.knowledge),
      abilities: request.abilities ?? {},
      cue: config.workingCue.enabled ? this.deps.cues?.get(config.workingCue.sound) : undefined,
    };
  }
}
