import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel, CallDirection, EndReason } from "../domain/call";
import { newId } from "../domain/ids";
import type { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import type { ModelLeg } from "../models/model-leg";
import { MemorySessionStore } from "../session/memory-session-store";
import type { SessionStore } from "../session/session-store";
import { type CallTrace, tracing } from "../tracing/tracing";
import type { TranscriptChecks } from "../transcripts/call-transcript";
import type { AfterCall } from "./after-call";
import type { CallAudioTaps } from "./audio-tap";
import { builtinDeclarations } from "./builtin-tools";
import type { CallRegistry } from "./call-registry";
import type { CallLimits, CallRequest, CallTarget } from "./call-request";
import { CallSession } from "./call-session";
import { CallSlots } from "./call-slots";
import { CallTargets } from "./call-targets";
import type { FrameClock } from "./frame-clock";
import type { KnowledgeSearch } from "./knowledge-port";
import { searchesEachTurn } from "./knowledge-turns";
import type { HostedModel, LiveCallSession, SessionHost } from "./live-session";
import { modelSettingsFor } from "./model-settings-for-agent";
import type { MonthlyQuota } from "./monthly-quota";
import type { AgentCatalogue, CallLog, TenantDirectory } from "./ports";
import { knowledgeTurnsFor, sessionTools, TRANSCRIPT_WAIT_MS } from "./session-tools";
import { TenantCallSlots } from "./tenant-call-slots";
import type { ToolRunner } from "./tool-port";

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
  /** Throws that DomainError without making a leg (for calls whose model opens on a worker). */
  checkModel?: (config: AgentConfig) => void;
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
  /** Where tenants' concurrent-call slots are shared with the other machines; default memory. */
  sessionStore?: SessionStore;
  /** Counts live and ended calls and times their turns (GET /metrics). */
  metrics?: {
    callStarted(session: LiveCallSession, channel: CallChannel): void;
    callRefused(channel: CallChannel, reason: EndReason): void;
  };
  /** Runs sessions on call worker threads; their media legs come from it (CALL_WORKERS). */
  sessionHost?: SessionHost;
}

/** Starts calls: checks the agent and the tenant's limits, opens model and media together. */
export class CallService {
  private readonly slots: CallSlots;
  private readonly tenantSlots: TenantCallSlots;
  private readonly targets: CallTargets;

  constructor(private readonly deps: CallServiceDeps) {
    this.slots = new CallSlots(deps.registry, deps.limits.maxCallsPerMachine);
    this.tenantSlots = new TenantCallSlots(deps.sessionStore ?? new MemorySessionStore(), deps.log);
    this.targets = new CallTargets({ ...deps, slots: this.slots, tenantSlots: this.tenantSlots });
  }

  get connectTimeoutMs(): number {
    return this.deps.limits.connectTimeoutMs;
  }

  get machineId(): string {
    return this.deps.machineId;
  }

  /** The machine carries MAX_CALLS_PER_MACHINE calls (live and opening): new ones are refused. */
  get atCapacity(): boolean {
    return this.slots.full;
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
  targetAt(tenantId: string, agentId: string, version: number): Promise<CallTarget> {
    return this.targets.targetAt(tenantId, agentId, version);
  }

  /** The agent's published version, or a 4xx saying why it cannot take calls. */
  target(tenantId: string | null, agentId: string): Promise<CallTarget> {
    return this.targets.target(tenantId, agentId);
  }

  /** The agent's draft as it is now, for a test call with a tenant's key. */
  draftTarget(tenantId: string | null, agentId: string): Promise<CallTarget> {
    return this.targets.draftTarget(tenantId, agentId);
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
    return this.targets.tenantLimit(tenant);
  }

  /**
   * Opens the call: takes its slots (this machine's, then the tenant's on every machine), then
   * opens model and media together. The tenant's slot is held until the call ends.
   */
  async start<T>(request: CallRequest<T>): Promise<{ session: LiveCallSession; result: T }> {
    const { channel, direction, target } = request;
    const trace = tracing().startCall({ channel, direction, ...target });
    return trace
      .within(() => this.admit(request, trace))
      .catch((error: unknown) => {
        trace.end("not_started");
        throw error;
      });
  }

  private async admit<T>(
    request: CallRequest<T>,
    trace: CallTrace,
  ): Promise<{ session: LiveCallSession; result: T }> {
    const { tenantId, concurrentCallLimit } = request.target;
    const id = request.existingCallId ?? newId("call");
    const release = await trace.step("call.admission", async () =>
      this.slots.take(tenantId, concurrentCallLimit),
    );
    try {
      return await this.tenantSlots.hold(tenantId, id, concurrentCallLimit, () =>
        this.open(request, id, release, trace),
      );
    } finally {
      release();
    }
  }

  private async open<T>(
    request: CallRequest<T>,
    id: string,
    releaseSlot: () => void,
    trace: CallTrace,
  ): Promise<{ session: LiveCallSession; result: T }> {
    const { target } = request;
    const receivedAt = (request.receivedAt ?? new Date()).toISOString();
    // With call workers, a call whose media leg is made on a worker runs there, its model leg
    // too: opened there now, so that model and media open together just as on this thread.
    const host = this.deps.sessionHost?.serves(request.channel) ? this.deps.sessionHost : null;
    if (host) this.deps.checkModel?.(target.config);
    const model = host ? null : this.deps.createModelLeg(target.config);
    const tools = sessionTools(request, this.deps);
    const declared = [
      ...builtinDeclarations(target.config, tools.abilities),
      ...(tools.external?.declared ?? []),
    ];
    // The prompt and the greeting depend on who placed the call.
    const context = { ...request.context, direction: request.direction };
    const eachTurn = this.deps.knowledge !== undefined && searchesEachTurn(target.config);
    const settings = modelSettingsFor(target.config, context, declared, undefined, {
      respondsAfterRetrieval: eachTurn,
    });
    if (model) trace.watchModel(model);
    const modelConnection = model?.connect(settings) ?? Promise.resolve();
    // The session handles a failed connect; this keeps it from counting as unhandled meanwhile.
    modelConnection.catch(() => {});
    let hosted: HostedModel | null = null;
    let media: { leg: MediaLeg; result: T; providerCallId?: string } | undefined;
    try {
      hosted =
        host?.openModel({
          id,
          tenantId: target.tenantId,
          config: target.config,
          settings,
          trace,
        }) ?? null;
      media = await trace.step("media.answer", () =>
        hosted ? hosted.openMedia(request.openMedia) : request.openMedia(),
      );
      if (host && !host.hosts(media.leg)) throw new Error("the call's media leg is not hosted");
    } catch (error) {
      await Promise.allSettled([
        model?.close("media_failed"),
        hosted?.close("media_failed"),
        media?.leg.close("error"),
        tools.external?.close(),
      ]);
      throw error;
    }
    const knowledgeTurns = model
      ? knowledgeTurnsFor(target, model, this.deps.knowledge)
      : undefined;
    const log = this.deps.log.child({ callId: id, tenantId: target.tenantId, ...trace.logFields });
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
        model?.close("error"),
        hosted?.close("error"),
        media.leg.close("error"),
        tools.external?.close(),
      ]);
      throw error;
    }
    const transcripts = this.deps.transcripts && {
      ...this.deps.transcripts,
      confidenceThreshold:
        target.config.transcripts.confidenceThreshold ?? this.deps.transcripts.confidenceThreshold,
      ...(settings.transcription?.language && { language: settings.transcription.language }),
    };
    const common = {
      id,
      config: target.config,
      context,
      records: this.deps.records,
      log,
      tools,
      ...(transcripts && { transcripts }),
      ...(request.ringsFirst ? {} : { connectTimeoutMs: this.deps.limits.connectTimeoutMs }),
      recorder:
        this.deps.recordings?.start({
          id,
          tenantId: target.tenantId,
          recordingEnabled: target.config.recording.enabled,
        }) ?? null,
    };
    const local =
      model &&
      new CallSession({
        ...common,
        media: media.leg,
        model,
        modelConnection,
        clock: this.deps.clock,
        ...(knowledgeTurns ? { knowledgeTurns } : {}),
      });
    const session: LiveCallSession =
      local ??
      (host as SessionHost).start({
        ...common,
        leg: media.leg,
        model: hosted as HostedModel,
        ...(eachTurn && { knowledgeTurns: { transcriptWaitMs: TRANSCRIPT_WAIT_MS } }),
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
    local?.start();
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
        tokens: model ? model.usage.totalTokens : session.totalTokens,
      });
      // Still in the call's trace (see start()): the after-call steps join it.
      trace.end(reason);
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
}
