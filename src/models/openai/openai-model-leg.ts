import type { RealtimeClientEvent } from "openai/resources/realtime/realtime";
import type { Logger } from "../../log/logger";
import type { BackoffPolicy } from "../backoff-policy";
import {
  type InterruptOptions,
  type ModelCapabilities,
  ModelConnectError,
  type ModelLeg,
  type ModelLegEvents,
  type SessionRotationReason,
} from "../model-leg";
import type { ModelSettings, ResponseOptions } from "../model-settings";
import { SocketModelLeg } from "../socket-model-leg";
import { addUsage } from "../usage";
import { AppendBatcher } from "./append-batcher";
import { openAICapabilities } from "./capabilities";
import { ConversationMemory } from "./conversation-memory";
import { type RouterContext, routeServerEvent } from "./event-router";
import { pcmToBase64 } from "./pcm-base64";
import { ProviderSession } from "./provider-session";
import { realtimeUrl } from "./realtime-url";
import { ResponseSequencer } from "./response-sequencer";
import { responseCreateEvent, sessionUpdateEvent } from "./session-config";
import type { SocketFactory } from "./transport";
import { TruncationBook } from "./truncation-book";

export interface OpenAIModelLegOptions {
  apiKey: string;
  /** REST base URL; the realtime URL derives from it. Default https://api.openai.com/v1. */
  baseUrl?: string;
  /** How long socket open + `session.created` may take. Default 10 s. */
  connectTimeoutMs?: number;
  /** Rotate to a new session this long after opening one (at a quiet moment). Default 55 min. */
  rotateAfterMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Most conversation items re-injected into a new session. Default 200. */
  maxReinjectedItems?: number;
  logger?: Logger;
  socketFactory: SocketFactory;
  /**
   * Caller audio per `input_audio_buffer.append` message, in ms (10 to 40): larger means fewer
   * messages and that much more delay before the model hears a frame. Default 10: each frame.
   */
  appendMs?: number;
}

const GOING_AWAY = 1001;

/** The OpenAI Realtime (GA) model leg over WebSocket. Create it with `createOpenAIModelLeg`. */
export class OpenAIModelLeg extends SocketModelLeg<ProviderSession> implements ModelLeg {
  private readonly sequencer = new ResponseSequencer((request) =>
    this.send(responseCreateEvent(request.eventId, request.options)),
  );
  private readonly book = new TruncationBook();
  private readonly appends: AppendBatcher | null;
  private readonly memory: ConversationMemory;
  private readonly router: RouterContext;
  private current: ProviderSession | null = null;
  private sessionCount = 0;
  private callerSpeaking = false;
  private rotationDue = false;
  private rotationTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: OpenAIModelLegOptions) {
    super(options, "model.openai");
    this.memory = new ConversationMemory(options.maxReinjectedItems);
    // 10 ms (the default) sends each frame as it comes, whatever its length.
    const appendMs = options.appendMs ?? 10;
    this.appends = appendMs > 10 ? new AppendBatcher(appendMs, (pcm) => this.append(pcm)) : null;
    this.router = {
      events: this.events,
      sequencer: this.sequencer,
      book: this.book,
      memory: this.memory,
      log: this.log,
      recordUsage: (usage) => {
        this.totals = addUsage(this.totals, usage);
      },
      setCallerSpeaking: (speaking) => {
        this.callerSpeaking = speaking;
      },
    };
  }

  get capabilities(): ModelCapabilities {
    return openAICapabilities(this.settings);
  }

  sendAudio(pcm: Int16Array): void {
    if (this.appends) this.appends.push(pcm);
    else this.append(pcm);
  }

  commitAudio(): void {
    this.appends?.flush();
    this.send({ type: "input_audio_buffer.commit" });
  }

  clearAudio(): void {
    this.appends?.discard();
    this.send({ type: "input_audio_buffer.clear" });
  }

  interrupt({ reason, played }: InterruptOptions): number | null {
    const active = this.sequencer.activeResponseId;
    const serverCancels = reason === "barge_in" && this.capabilities.serverInterruptsOnSpeech;
    if (active !== null && !serverCancels) {
      this.send({ type: "response.cancel", ...(active && { response_id: active }) });
    }
    return played ? this.truncate(played.itemId, played.audioEndMs) : null;
  }

  truncate(itemId: string, audioEndMs: number): number | null {
    if (!this.current?.isOpen) return null;
    const ms = this.book.clamp(itemId, audioEndMs);
    if (ms === null) return null;
    this.send({
      type: "conversation.item.truncate",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: ms,
    });
    return ms;
  }

  updateSession(patch: Partial<ModelSettings>): void {
    if (!this.settings) throw new Error("model leg: updateSession before connect");
    const voiceChanges = patch.voice !== undefined && patch.voice !== this.settings.voice;
    this.settings = { ...this.settings, ...patch };
    this.send(sessionUpdateEvent(this.settings, { includeVoice: voiceChanges }));
  }

  addContext(text: string): void {
    this.send({
      type: "conversation.item.create",
      item: { type: "message", role: "system", content: [{ type: "input_text", text }] },
    });
  }

  createResponse(options: ResponseOptions = {}): void {
    this.sequencer.request(options);
  }

  sendToolResult(callId: string, output: string, options: { createResponse?: boolean } = {}): void {
    // Remembered first: if the socket is down, the output is re-injected with the conversation.
    this.memory.functionCallOutput(callId, output);
    this.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: callId, output },
    });
    // Coalesced: several tool results while a response runs lead to one follow-up response.
    if (options.createResponse ?? true) this.sequencer.request({}, true);
  }

  async close(reason = "closed by gateway", error?: ModelLegEvents["error"][0]): Promise<void> {
    if (this.connection.status === "closed") return;
    this.lifetime.abort();
    clearTimeout(this.rotationTimer);
    this.appends?.discard();
    this.sequencer.clear();
    this.current?.close(1000, "closed by gateway");
    this.current = null;
    if (error) this.events.emit("error", error);
    this.setState({ status: "closed", reason, ...(error && { error }) });
  }

  private append(pcm: Int16Array): void {
    this.send({ type: "input_audio_buffer.append", audio: pcmToBase64(pcm) });
  }

  private send(event: RealtimeClientEvent): boolean {
    return this.current?.send(event) ?? false;
  }

  protected openSession(signal?: AbortSignal): Promise<ProviderSession> {
    const settings = this.settings;
    if (!settings) throw new Error("model leg: no settings");
    this.sessionCount += 1;
    const session = new ProviderSession({
      url: realtimeUrl(this.options.baseUrl ?? "https://api.openai.com/v1", settings.model),
      apiKey: this.options.apiKey,
      socketFactory: this.options.socketFactory,
      number: this.sessionCount,
      onEvent: (from, event) => {
        if (from !== this.current) return; // a replaced session: its events are stale
        routeServerEvent(event, this.router);
        if (this.rotationDue) void this.rotateIfQuiet();
      },
      onClose: (from, code, reason) => {
        if (from !== this.current) return;
        this.current = null;
        this.log.warn("model session closed by server", { code, reason, session: from.number });
        const cause = code === GOING_AWAY ? "server_going_away" : "reconnected";
        void this.recover(cause, `socket closed (${code})`, cause === "server_going_away");
      },
    });
    const signals = [this.lifetime.signal, ...(signal ? [signal] : [])];
    const timeout = this.options.connectTimeoutMs ?? 10_000;
    return session.open(timeout, AbortSignal.any(signals)).then(() => session);
  }

  /** Makes `session` the current one: settings, conversation so far, then queued responses. */
  protected adopt(session: ProviderSession, reason: SessionRotationReason | null): void {
    const settings = this.settings;
    if (!settings || this.connection.status === "closed") {
      session.close();
      return;
    }
    if (!session.isOpen)
      throw new ModelConnectError("model session closed while opening", "connection");
    session.send(sessionUpdateEvent(settings));
    const items = reason ? this.memory.toItems() : [];
    for (const item of items) session.send({ type: "conversation.item.create", item });
    const previous = this.current;
    this.current = session;
    previous?.close(1000, "session rotated");
    this.sequencer.reset();
    this.book.reset();
    this.callerSpeaking = false;
    this.setState({
      status: "connected",
      sessionId: session.sessionId ?? "",
      sessionNumber: session.number,
    });
    this.scheduleRotation(this.options.rotateAfterMs ?? 55 * 60_000);
    if (reason) {
      this.log.info("model session replaced", {
        reason,
        session: session.number,
        items: items.length,
      });
      this.events.emit("sessionRotated", {
        reason,
        sessionNumber: session.number,
        reinjectedItems: items.length,
      });
    }
    this.sequencer.pump();
  }

  /** After `ms`, rotation falls due; it then happens at the next quiet moment. */
  private scheduleRotation(ms: number): void {
    clearTimeout(this.rotationTimer);
    this.rotationTimer = setTimeout(() => {
      this.rotationDue = true;
      void this.rotateIfQuiet();
    }, ms);
  }

  /** Rotation before the provider's limit, only while nobody speaks and no response runs. */
  private async rotateIfQuiet(): Promise<void> {
    if (this.replacing || !this.current || this.sequencer.busy || this.callerSpeaking) return;
    this.rotationDue = false;
    this.replacing = true;
    try {
      this.adopt(await this.openSession(), "session_limit");
    } catch (error) {
      this.log.warn("model session rotation failed; will retry", { error });
      if (this.current) this.scheduleRotation(this.backoff.maxMs);
    } finally {
      this.replacing = false;
    }
    if (!this.current && this.connection.status !== "closed") {
      await this.recover("reconnected", "session lost during rotation");
    }
  }
}
