import { Resampler } from "../audio/resampler";
import type { EndReason } from "../domain/call";
import { modelNameOf } from "../domain/model-provider-rules";
import { TypedEmitter } from "../events/typed-emitter";
import { MEDIA_SAMPLE_RATE } from "../media/media-leg";
import { PCM16_24K } from "../models/model-settings";
import { greetingInstruction } from "../prompts/greeting";
import { shutdownGoodbyeInstruction } from "../prompts/shutdown-goodbye";
import { CallTranscript } from "../transcripts/call-transcript";
import { AgentVoice } from "./agent-voice";
import { CallDeadlines } from "./call-deadlines";
import type { CallEvents, CallPhase } from "./call-events";
import { OrderedRecordWriter } from "./call-records";
import type { CallSessionOptions } from "./call-session-options";
import { SentFrames } from "./sent-frames";
import { SilencePolicy } from "./silence-policy";
import { ToolCalls } from "./tool-calls";
import { TurnMetrics } from "./turn-metrics";

export type { CallSessionOptions } from "./call-session-options";

/**
 * One call: caller audio to the model, the model's audio paced back to the caller, barge-in,
 * greeting, silence and duration limits, and the records of it all. Media and model are opened
 * by whoever builds the session; the session owns them from then on and closes both at the end.
 */
export class CallSession {
  readonly id: string;
  readonly events = new TypedEmitter<CallEvents>();
  readonly metrics = new TurnMetrics();
  private readonly opts: CallSessionOptions;
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly writer: OrderedRecordWriter;
  private readonly voice: AgentVoice;
  private readonly lines: CallTranscript;
  private readonly toModel = new Resampler(MEDIA_SAMPLE_RATE, PCM16_24K.sampleRateHz);
  private readonly silence: SilencePolicy;
  private readonly lifetime = new AbortController();
  private readonly tools: ToolCalls;
  private readonly disposers: Array<() => void> = [];
  private readonly sentFrames = new SentFrames();
  private readonly deadlines = new CallDeadlines({
    tooLong: () => void this.end("max_duration"),
    noMedia: () => void this.end("connect_timeout"),
    beat: () => this.writer.heartbeat(),
  });
  private phaseNow: CallPhase = "connecting";
  private modelReady = false;
  private mediaReady = false;
  private mediaConnectedAt: number | null = null;
  private greeted = false;
  private greetingPlaying = false;
  /** The agent waits for the caller to speak first. */
  private noGreeting = false;
  private responseActive = false;
  private hangUpAfterPlayout: EndReason | null = null;
  /** Our last words, asked for (older audio is dropped) or under way; the caller is muted. */
  private farewell: "asked" | "speaking" | null = null;
  /** Items the caller talked over: late audio of theirs is dropped, never played. */
  private readonly interruptedItems = new Set<string>();
  private endReason: EndReason | null = null;
  private readonly done: Promise<EndReason>;
  private resolveDone: (reason: EndReason) => void = () => {};

  constructor(options: CallSessionOptions) {
    this.opts = options;
    this.id = options.id;
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
    this.writer = new OrderedRecordWriter(options.records, options.id, (error) =>
      options.log.error("call record write failed", { callId: options.id, error }),
    );
    this.lines = new CallTranscript({
      callId: options.id,
      writer: this.writer,
      offsetMs: () => this.offsetMs,
      log: options.log,
      ...(options.transcripts && { checks: options.transcripts }),
      onLine: (role, text, itemId, offsetMs) =>
        this.events.emit("transcript", { role, text, offsetMs, itemId }),
    });
    const { silence } = options.config;
    this.silence = new SilencePolicy(silence.timeoutSeconds * 1000, silence.maxRetries, {
      prompt: () => this.say(silence.promptText),
      giveUp: () => {
        this.say(silence.goodbyeText);
        this.hangUpAfterPlayout = "silence_timeout";
      },
    });
    this.voice = new AgentVoice(
      (frame) => {
        this.sentFrames.sent();
        options.media.sendAudio(frame);
        options.recorder?.agentFrame(frame);
      },
      {
        audioOut: () => {
          this.sentFrames.lastWasSpeech();
          this.onAudioOut();
        },
        finished: () => this.onPlayoutFinished(),
        underrun: () => {
          this.metrics.underruns++;
        },
      },
      this.now,
    );
    this.tools = new ToolCalls({
      tools: options.tools ?? { tenantId: "", abilities: {} },
      config: options.config,
      context: options.context,
      model: options.model,
      writer: this.writer,
      log: options.log,
      lifetime: this.lifetime.signal,
      now: this.now,
      offsetMs: () => this.offsetMs,
      endCall: () => this.agentEnds(),
    });
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  get phase(): CallPhase {
    return this.phaseNow;
  }

  get offsetMs(): number {
    return this.now() - this.startedAt;
  }

  /** Resolves with the end reason once the call is over and its records are written. */
  get ended(): Promise<EndReason> {
    return this.done;
  }

  /** Wires media and model together; the greeting follows once both are connected. */
  start(): void {
    const { media, model, config } = this.opts;
    this.disposers.push(
      media.on("connected", () => this.onMediaConnected()),
      media.on("audio", (frame) => this.onCallerAudio(frame)),
      media.on("dtmf", (digit) => this.onDtmf(digit)),
      media.on("disconnected", () => void this.end("caller_hung_up")),
      media.on("closed", () => void this.end("caller_hung_up")),
      model.on("audio", (chunk) => this.onModelAudio(chunk.pcm, chunk.itemId)),
      model.on("responseCreated", () => this.onResponseCreated()),
      model.on("responseDone", () => this.onResponseDone()),
      model.on("audioDone", () => this.voice.replyComplete()),
      model.on("speechStarted", () => {
        this.opts.knowledgeTurns?.speechStarted();
        this.onBargeIn();
      }),
      model.on("speechStopped", (info) => {
        this.metrics.turnStarted(this.now());
        this.opts.knowledgeTurns?.speechStopped(info.itemId);
      }),
      model.on("userTranscript", (t) => {
        if (t.kind === "completed") this.opts.knowledgeTurns?.transcript(t.itemId, t.text);
      }),
      ...this.lines.listen(model),
      model.on("toolCall", (call) => this.tools.handle(call)),
      model.on("error", (error) => {
        this.opts.log.warn("model error", { callId: this.id, ...error });
        if (!error.recoverable) void this.end("model_unavailable");
      }),
      this.opts.clock.subscribe((frameTime) => this.onTick(frameTime)),
    );
    // Media may have come up (or gone) before this session existed: WhatsApp's pre_accept
    // starts it while the call is still being set up.
    if (media.state === "connected") this.onMediaConnected(media.connectedAt);
    else if (media.state === "closed") void this.end("caller_hung_up");
    this.deadlines.start(config.maxCallDurationSeconds * 1000, this.opts.heartbeatMs ?? 5000);
    if (this.opts.connectTimeoutMs !== undefined)
      this.expectMediaWithin(this.opts.connectTimeoutMs);
    this.opts.modelConnection.then(
      () => {
        this.modelReady = true;
        this.tools.declareListed();
        this.maybeGreet();
      },
      (error: unknown) => {
        this.opts.log.warn("model did not connect", { callId: this.id, error });
        void this.end("model_unavailable");
      },
    );
  }

  /** Ends the call with `connect_timeout` unless its media connects within `ms`. */
  expectMediaWithin(ms: number): void {
    if (this.mediaReady || this.endReason) return;
    this.deadlines.expectMediaWithin(ms);
  }

  /** Hangs up from our side (API, agent, policy). */
  hangUp(reason: EndReason): Promise<EndReason> {
    return this.end(reason);
  }

  /**
   * Ends the call for a shutdown with the agent's goodbye: what it was saying stops, the goodbye
   * plays (the caller cannot talk over it), and the call ends once it has played, or after
   * `maxWaitMs` whatever happens. A call whose media or model is not up yet ends at once.
   */
  endWithGoodbye(reason: EndReason, maxWaitMs: number): Promise<EndReason> {
    if (this.endReason || this.farewell) return this.done;
    if (!this.mediaReady || !this.modelReady) return this.end(reason);
    this.silence.stop();
    this.hangUpAfterPlayout = reason;
    this.farewell = "asked";
    if (!this.cutAgent("client") && this.responseActive)
      this.opts.model.interrupt({ reason: "client" });
    const timer = setTimeout(() => void this.end(reason), maxWaitMs);
    void this.done.finally(() => clearTimeout(timer));
    this.metrics.turnStarted(this.now());
    const { config, context } = this.opts;
    this.opts.model.createResponse({ instructions: shutdownGoodbyeInstruction(config, context) });
    return this.done;
  }

  private setPhase(phase: CallPhase): void {
    if (this.phaseNow === phase) return;
    this.phaseNow = phase;
    this.events.emit("phase", phase);
  }

  /** `atMs`: when media started flowing (epoch ms), if before the session noticed. */
  private onMediaConnected(atMs?: number): void {
    if (this.mediaReady) return;
    this.mediaReady = true;
    this.deadlines.mediaConnected();
    const ago = atMs === undefined ? 0 : Math.max(0, Date.now() - atMs);
    this.mediaConnectedAt = this.now() - ago;
    if (this.voice.pendingSamples > 0) this.metrics.modelAudioReceived(this.mediaConnectedAt);
    this.writer.mark("media_connected_at", atMs);
    this.setPhase("active");
    this.maybeGreet();
    if (this.noGreeting) this.silence.agentFinished();
  }

  /**
   * The greeting is asked for as soon as the model is ready, even before media connects: its
   * audio waits in the playout queue, so the caller hears it the moment media flows.
   */
  private maybeGreet(): void {
    if (this.greeted || !this.modelReady || this.endReason) return;
    this.greeted = true;
    const instruction = greetingInstruction(this.opts.config, this.opts.context);
    if (!instruction) {
      this.noGreeting = true;
      if (this.mediaReady) this.silence.agentFinished();
      return;
    }
    this.greetingPlaying = this.opts.config.greeting.muteCaller;
    this.opts.model.createResponse({ instructions: instruction });
  }

  private say(text: string): void {
    this.metrics.turnStarted(this.now());
    this.opts.model.createResponse({
      instructions: `Say exactly this, and nothing else: "${text}"`,
    });
  }

  private onCallerAudio(frame: Int16Array): void {
    if (!this.endReason) this.opts.recorder?.callerFrame(frame);
    if (this.endReason || !this.modelReady || this.greetingPlaying || this.farewell) return;
    const started = this.now();
    const pcm = this.toModel.process(frame);
    this.opts.model.sendAudio(pcm);
    this.lines.callerAudio(pcm);
    this.metrics.gatewayInbound.add(this.now() - started);
  }

  private onModelAudio(pcm: Int16Array, itemId: string): void {
    if (this.endReason || this.interruptedItems.has(itemId) || this.farewell === "asked") return;
    // Audio that arrives before media is up is timed from when it could first have gone out.
    if (this.mediaReady) this.metrics.modelAudioReceived(this.now());
    this.voice.push(pcm, itemId);
  }

  private onResponseCreated(): void {
    this.responseActive = true;
    if (this.farewell === "asked") this.farewell = "speaking";
    this.voice.replyStarted();
    this.silence.agentSpeaking();
  }

  private onResponseDone(): void {
    this.responseActive = false;
    this.voice.replyComplete();
    // end_call in a reply with nothing (more) to say: nothing is left to finish playing.
    if (this.hangUpAfterPlayout === "agent_ended" && this.voice.idle) void this.end("agent_ended");
    // A goodbye that brought no audio has nothing left to play either.
    else if (this.farewell === "speaking" && this.hangUpAfterPlayout && this.voice.idle)
      void this.end(this.hangUpAfterPlayout);
  }

  /** One 10 ms frame to the caller: agent audio when there is some, silence otherwise. */
  private onTick(frameTime: number): void {
    if (this.endReason) return;
    if (this.mediaReady) this.voice.tick(this.tools.cueFrame);
    // The recording runs from the session's start (silence until media flows), on frame times.
    this.opts.recorder?.tick(frameTime - this.startedAt);
  }

  private onAudioOut(): void {
    const at = this.now();
    this.lines.agentAudioOut(this.voice.playingItemId);
    this.tools.agentSpoke();
    const timing = this.metrics.audioSent(at);
    if (!timing) return;
    this.events.emit("turn", timing);
    if (timing.turn === 1 && this.mediaConnectedAt !== null) {
      this.writer.mark("first_agent_audio_at");
      this.events.emit("greeting", { firstAudioMs: at - this.mediaConnectedAt });
    }
  }

  /** The agent's audio has all been played. */
  private onPlayoutFinished(): void {
    this.metrics.responseFinished();
    this.lines.playoutFinished();
    this.greetingPlaying = false;
    if (this.hangUpAfterPlayout) {
      void this.end(this.hangUpAfterPlayout);
      return;
    }
    this.silence.agentFinished();
  }

  /** The caller started speaking: stop the agent at once, and tell the model what was heard. */
  private onBargeIn(): void {
    this.silence.callerSpoke();
    if (this.greetingPlaying || this.farewell) return;
    if (this.cutAgent("barge_in")) this.metrics.bargeIns++;
  }

  /** Silences the agent at once and tells the model what was heard; false if it was silent. */
  private cutAgent(reason: "barge_in" | "client"): boolean {
    const stopped = this.voice.stop();
    if (!stopped) return false;
    // A transport that buffers (a phone stream) says how many of the frames it was sent went unheard.
    const unheard = this.sentFrames.speechMsInLast(this.opts.media.clearPlayout?.() ?? 0);
    const played = { ...stopped, heardMs: Math.max(0, stopped.heardMs - unheard) };
    this.lines.agentCut(played.itemId, played.heardMs);
    this.interruptedItems.add(played.itemId);
    this.metrics.responseFinished();
    this.opts.model.interrupt({
      reason,
      played: { itemId: played.itemId, audioEndMs: played.heardMs },
    });
    this.writer.interrupted(played.itemId);
    return true;
  }

  /** A key the caller pressed: kept with the call's events and told to the model. */
  private onDtmf(digit: string): void {
    this.events.emit("dtmf", { digit, offsetMs: this.offsetMs });
    this.writer.event("dtmf", { digit, offsetMs: Math.round(this.offsetMs) });
    if (this.modelReady && !this.endReason)
      this.opts.model.addContext(`The caller pressed the phone key "${digit}".`);
  }

  /** The agent ended the call: it ends once the agent has finished speaking. */
  private agentEnds(): void {
    this.hangUpAfterPlayout = "agent_ended";
    if (!this.responseActive && this.voice.idle) void this.end("agent_ended");
  }

  private async end(reason: EndReason): Promise<EndReason> {
    if (this.endReason) return this.done;
    this.endReason = reason;
    this.silence.stop();
    this.deadlines.stop();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.opts.recorder?.stop();
    this.tools.cancelAll();
    this.lifetime.abort();
    await Promise.allSettled([
      this.opts.model.close(reason),
      this.opts.media.close(reason),
      this.tools.close(),
    ]);
    this.voice.dispose();
    this.opts.knowledgeTurns?.dispose();
    this.toModel.dispose();
    this.lines.close();
    const usage = { ...this.opts.model.usage } as unknown as Record<string, number>;
    const model = modelNameOf(this.opts.config);
    await this.writer.end({ reason, usage, metrics: this.metrics.summary(), model });
    this.setPhase("ended");
    this.events.emit("ended", { reason });
    this.events.removeAllListeners();
    this.resolveDone(reason);
    return reason;
  }
}
