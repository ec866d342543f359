import { Resampler } from "../../audio/resampler";
import type { Logger } from "../../log/logger";
import type { BackoffPolicy } from "../backoff-policy";
import type {
  InterruptOptions,
  ModelCapabilities,
  ModelLeg,
  ModelLegEvents,
  SessionRotationReason,
} from "../model-leg";
import type { ModelSettings, ResponseOptions } from "../model-settings";
import { pcmToBase64 } from "../openai/pcm-base64";
import type { SocketFactory } from "../openai/transport";
import { SocketModelLeg } from "../socket-model-leg";
import { addUsage } from "../usage";
import { LiveSession } from "./live-session";
import { setupMessage } from "./setup-message";
import { TurnRouter } from "./turn-router";
import { GEMINI_INPUT_MIME, type GeminiServerMessage } from "./wire";

export interface GeminiModelLegOptions {
  apiKey: string;
  /** Default https://generativelanguage.googleapis.com; the WebSocket URL derives from it. */
  baseUrl?: string;
  connectTimeoutMs?: number;
  backoff?: Partial<BackoffPolicy>;
  logger?: Logger;
  socketFactory: SocketFactory;
}

/** Gemini Live connections last about 10 minutes; the server says `goAway` before the end. */
const GEMINI_CONNECTION_MS = 10 * 60_000;

/**
 * The Gemini Live (BidiGenerateContent) model leg. Audio in is resampled from 24 to 16 kHz;
 * audio out is 24 kHz already. Where Gemini differs from the leg's contract: no truncation (the
 * server keeps what it sent, not what was heard), no response cancel, no clearing of input
 * audio, and it answers a tool result by itself. New settings and lost connections are carried
 * over by session resumption, so the conversation goes on.
 */
export class GeminiModelLeg extends SocketModelLeg<LiveSession> implements ModelLeg {
  private readonly toGemini = new Resampler(24000, 16000);
  private readonly callNames = new Map<string, string>();
  private readonly waiting: ResponseOptions[] = [];
  private current: LiveSession | null = null;
  private router: TurnRouter | null = null;
  private resumeHandle: string | undefined;
  private sessionCount = 0;
  private requested = false;
  private settingsChanged = false;

  constructor(private readonly options: GeminiModelLegOptions) {
    super(options, "model.gemini");
    this.events.on("responseCreated", () => {
      this.requested = false;
    });
  }

  get capabilities(): ModelCapabilities {
    const td = this.settings?.turnDetection ?? { type: "none" };
    return {
      serverTurnDetection: td.type !== "none",
      truncation: false,
      serverInterruptsOnSpeech: td.type !== "none" && td.interruptResponse,
      inputTranscription: true,
      needsResponseAfterToolResult: false,
      maxSessionMs: GEMINI_CONNECTION_MS,
    };
  }

  sendAudio(pcm: Int16Array): void {
    if (!this.current?.isOpen) return;
    const at16k = this.toGemini.process(pcm);
    this.router?.audioSent(pcm.length / 24);
    if (at16k.length === 0) return;
    this.current.send({
      realtimeInput: { audio: { data: pcmToBase64(at16k), mimeType: GEMINI_INPUT_MIME } },
    });
  }

  /** Gemini's nearest: the audio stream paused, so what was said is answered. */
  commitAudio(): void {
    this.current?.send({ realtimeInput: { audioStreamEnd: true } });
  }

  /** Gemini keeps no client-side input buffer to clear. */
  clearAudio(): void {}

  /** Gemini cuts its own response on barge-in and cannot truncate: nothing is sent. */
  interrupt(_options: InterruptOptions): number | null {
    return null;
  }

  truncate(_itemId: string, _audioEndMs: number): number | null {
    return null;
  }

  /** Setup cannot change on an open session: a resumed session takes the new settings. */
  updateSession(patch: Partial<ModelSettings>): void {
    if (!this.settings) throw new Error("model leg: updateSession before connect");
    this.settings = { ...this.settings, ...patch };
    this.settingsChanged = true;
    void this.replaceIfQuiet();
  }

  addContext(text: string): void {
    this.current?.send({
      clientContent: { turns: [{ role: "user", parts: [{ text }] }], turnComplete: false },
    });
  }

  /** Gemini has no response request: a user turn with the instructions, sent when it is idle. */
  createResponse(options: ResponseOptions = {}): void {
    this.waiting.push(options);
    this.pump();
  }

  sendToolResult(callId: string, output: string): void {
    const name = this.callNames.get(callId) ?? "";
    this.callNames.delete(callId);
    this.current?.send({
      toolResponse: {
        functionResponses: [{ id: callId, name, response: { output: parsed(output) } }],
      },
    });
  }

  async close(reason = "closed by gateway", error?: ModelLegEvents["error"][0]): Promise<void> {
    if (this.connection.status === "closed") return;
    this.lifetime.abort();
    this.waiting.length = 0;
    this.current?.close(1000, "closed by gateway");
    this.current = null;
    this.toGemini.dispose();
    if (error) this.events.emit("error", error);
    this.setState({ status: "closed", reason, ...(error && { error }) });
  }

  private pump(): void {
    if (!this.current?.isOpen || this.router?.busy || this.requested) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.requested = true;
    const text = next.instructions ?? "Please go on.";
    this.current.send({
      clientContent: { turns: [{ role: "user", parts: [{ text }] }], turnComplete: true },
    });
  }

  protected openSession(signal?: AbortSignal): Promise<LiveSession> {
    const settings = this.settings;
    if (!settings) throw new Error("model leg: no settings");
    this.sessionCount += 1;
    const session = new LiveSession({
      baseUrl: this.options.baseUrl ?? "https://generativelanguage.googleapis.com",
      apiKey: this.options.apiKey,
      socketFactory: this.options.socketFactory,
      number: this.sessionCount,
      onMessage: (from, message) => {
        if (from === this.current) this.onMessage(message);
      },
      onClose: (from, code, reason) => {
        if (from !== this.current) return;
        this.current = null;
        this.log.warn("model session closed by server", { code, reason, session: from.number });
        void this.recover("reconnected", `socket closed (${code})`);
      },
    });
    const signals = [this.lifetime.signal, ...(signal ? [signal] : [])];
    return session
      .open(
        setupMessage(settings, this.resumeHandle),
        this.options.connectTimeoutMs ?? 10_000,
        AbortSignal.any(signals),
      )
      .then(() => session);
  }

  private onMessage(message: GeminiServerMessage): void {
    const update = message.sessionResumptionUpdate;
    if (update?.resumable && update.newHandle) this.resumeHandle = update.newHandle;
    this.router?.route(message);
    if (message.goAway) void this.replace("server_going_away");
    else if (this.settingsChanged) void this.replaceIfQuiet();
  }

  protected adopt(session: LiveSession, reason: SessionRotationReason | null): void {
    if (!this.settings || this.connection.status === "closed") {
      session.close();
      return;
    }
    const previous = this.current;
    this.router?.abandon();
    this.current = session;
    this.router = new TurnRouter(
      {
        events: this.events,
        log: this.log,
        recordUsage: (usage) => {
          this.totals = addUsage(this.totals, usage);
        },
        rememberCall: (callId, name) => this.callNames.set(callId, name),
        responseFinished: () => {
          this.requested = false;
          this.pump();
          if (this.settingsChanged) void this.replaceIfQuiet();
        },
      },
      `gemini_${session.number}`,
    );
    previous?.close(1000, "session replaced");
    this.requested = false;
    this.setState({
      status: "connected",
      sessionId: session.sessionId,
      sessionNumber: session.number,
    });
    if (reason) {
      this.log.info("model session replaced", { reason, session: session.number });
      this.events.emit("sessionRotated", {
        reason,
        sessionNumber: session.number,
        reinjectedItems: 0,
      });
    }
    this.pump();
  }

  /** New settings apply once nobody speaks and no turn runs. */
  private async replaceIfQuiet(): Promise<void> {
    if (!this.current || this.router?.busy || this.router?.callerSpeaking) return;
    this.settingsChanged = false;
    await this.replace(null);
  }

  private async replace(reason: SessionRotationReason | null): Promise<void> {
    if (this.replacing || this.connection.status === "closed") return;
    this.replacing = true;
    try {
      this.adopt(await this.openSession(), reason);
    } catch (error) {
      this.log.warn("model session replacement failed", { error });
    } finally {
      this.replacing = false;
    }
  }

  protected override abandonSession(): void {
    this.router?.abandon();
  }
}

/** Gemini wants an object back: JSON output as itself, anything else as text. */
function parsed(output: string): unknown {
  try {
    return JSON.parse(output);
  } catch {
    return output;
  }
}
