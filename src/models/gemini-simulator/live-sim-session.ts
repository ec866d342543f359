import { Resampler } from "../../audio/resampler";
import { GEMINI_VOICES } from "../../domain/voices";
import type { GeminiClientMessage, GeminiServerMessage, GeminiSetup } from "../gemini/wire";
import { pcmFromBase64 } from "../openai/pcm-base64";
import { EnergyVad } from "../simulator/energy-vad";
import type { Pacing } from "../simulator/response-run";
import type { ReplyTrigger, SimulatorScript, ToolRule } from "../simulator/script";
import type { VoiceLines } from "../simulator/voice-lines";
import { TurnPlayer } from "./turn-player";

export interface LiveSimDeps {
  lines: VoiceLines;
  script: SimulatorScript;
  pacing: Pacing;
  send: (message: GeminiServerMessage) => void;
  /** Closes the socket the way the service does on a bad request (1007, with the reason). */
  refuse: (reason: string) => void;
  /** A resumption handle for this session's state, and whether a handle was issued here. */
  newHandle: () => string;
  knownHandle: (handle: string) => boolean;
}

const SAY_EXACTLY = /^Say exactly this[^:]*: "([\s\S]*)"$/;
const INPUT_MIME = "audio/pcm;rate=16000";

/**
 * One simulated Gemini Live session: `setup` first (checked as the service checks it), then
 * caller audio through an energy VAD standing in for automatic activity detection, the caller's
 * transcript from the script, scripted tool calls, and spoken turns that the caller can interrupt.
 */
export class LiveSimSession {
  private setup: GeminiSetup | null = null;
  private readonly toVad = new Resampler(16000, 24000);
  private readonly vad = new EnergyVad({
    threshold: 0.5,
    prefixPaddingMs: 300,
    silenceDurationMs: 500,
    idleTimeoutMs: null,
  });
  private playing: TurnPlayer | null = null;
  private pendingTool: { rule: ToolRule; id: string } | null = null;
  private utterances = 0;
  private replies = 0;
  private lastTranscript: string | undefined;
  private textChars = 0;
  private audioMs = 0;
  private closed = false;
  private speechStartMs = 0;

  constructor(private readonly deps: LiveSimDeps) {}

  receive(text: string): void {
    let message: GeminiClientMessage;
    try {
      message = JSON.parse(text) as GeminiClientMessage;
    } catch {
      this.deps.refuse("Invalid JSON payload received.");
      return;
    }
    if (!this.setup) {
      if (message.setup) this.start(message.setup);
      else this.deps.refuse("The first message must be setup.");
      return;
    }
    if (message.setup) {
      this.deps.refuse("setup may be sent only once.");
      return;
    }
    if (message.realtimeInput?.audio) this.audio(message.realtimeInput.audio);
    if (message.clientContent) {
      for (const turn of message.clientContent.turns ?? [])
        for (const part of turn.parts ?? []) this.textChars += part.text?.length ?? 0;
      if (message.clientContent.turnComplete) {
        const parts = message.clientContent.turns?.at(-1)?.parts ?? [];
        this.reply("client", parts.map((p) => p.text ?? "").join(""));
      }
    }
    for (const response of message.toolResponse?.functionResponses ?? []) {
      this.textChars += JSON.stringify(response.response ?? {}).length;
      if (this.pendingTool?.id === response.id) this.reply("tool_result");
    }
  }

  close(): void {
    this.closed = true;
    this.playing?.interrupt();
    this.toVad.dispose();
  }

  private start(setup: GeminiSetup): void {
    const problem = this.setupProblem(setup);
    if (problem) {
      this.deps.refuse(problem);
      return;
    }
    const detection = setup.realtimeInputConfig?.automaticActivityDetection;
    this.vad.configure({
      threshold: detection?.startOfSpeechSensitivity === "START_SENSITIVITY_LOW" ? 0.7 : 0.5,
      prefixPaddingMs: detection?.prefixPaddingMs ?? 300,
      silenceDurationMs: detection?.silenceDurationMs ?? 500,
      idleTimeoutMs: null,
    });
    this.setup = setup;
    this.textChars += JSON.stringify(setup.systemInstruction ?? "").length;
    this.deps.send({ setupComplete: {} });
  }

  /** What the service would refuse the setup for, or null. */
  private setupProblem(setup: GeminiSetup): string | null {
    if (!setup.model?.startsWith("models/gemini-"))
      return `Invalid model: ${setup.model ?? "none"}`;
    const voice = setup.generationConfig?.speechConfig?.voiceConfig?.prebuiltVoiceConfig?.voiceName;
    if (voice && !(GEMINI_VOICES as readonly string[]).includes(voice))
      return `Invalid voice name: ${voice}`;
    const handle = setup.sessionResumption?.handle;
    if (handle && !this.deps.knownHandle(handle)) return "Invalid session resumption handle.";
    return null;
  }

  private audio(blob: { data?: string; mimeType?: string }): void {
    if (blob.mimeType !== INPUT_MIME || !blob.data) return;
    const pcm = pcmFromBase64(blob.data);
    this.audioMs += pcm.length / 16;
    if (this.setup?.realtimeInputConfig?.automaticActivityDetection?.disabled) return;
    for (const event of this.vad.push(this.toVad.process(pcm))) {
      if (event.type === "speech_started") this.callerStarted(event.audioStartMs);
      if (event.type === "speech_stopped") this.callerStopped(event.audioEndMs);
    }
  }

  private callerStarted(atMs: number): void {
    this.speechStartMs = atMs;
    const handling = this.setup?.realtimeInputConfig?.activityHandling;
    if (this.playing && handling !== "NO_INTERRUPTION") {
      this.playing.interrupt();
      this.playing = null;
    }
  }

  /** The caller's turn ended: their words, then a tool call or a spoken answer. */
  private callerStopped(atMs: number): void {
    const transcript = this.deps.script.transcript({
      index: this.utterances++,
      durationMs: atMs - this.speechStartMs,
    });
    this.lastTranscript = transcript;
    const words = transcript.split(/(?<=\s)/);
    const half = Math.ceil(words.length / 2);
    for (const piece of [words.slice(0, half), words.slice(half)]) {
      if (piece.length > 0)
        this.deps.send({ serverContent: { inputTranscription: { text: piece.join("") } } });
    }
    const rule = this.toolRuleFor(transcript);
    if (!rule) {
      this.reply("turn");
      return;
    }
    const id = `function-call-${this.utterances}-${this.replies}`;
    this.pendingTool = { rule, id };
    this.deps.send({
      toolCall: { functionCalls: [{ id, name: rule.tool, args: rule.arguments }] },
    });
  }

  private reply(trigger: ReplyTrigger, instructions?: string): void {
    if (this.closed) return;
    const toolRule = trigger === "tool_result" ? this.pendingTool?.rule : undefined;
    if (trigger === "tool_result") this.pendingTool = null;
    const index = this.replies++;
    const exact = instructions?.match(SAY_EXACTLY)?.[1];
    const { lines, script } = this.deps;
    const line =
      (exact !== undefined ? [...lines.values()].find((l) => l.text === exact) : undefined) ??
      lines.get(
        script.reply({
          index,
          trigger,
          ...(this.lastTranscript !== undefined && { transcript: this.lastTranscript }),
          ...(instructions !== undefined && { instructions }),
          ...(toolRule && { toolRule }),
        }),
      ) ??
      lines.values().next().value;
    if (!line) return;
    this.playing?.interrupt();
    const player = new TurnPlayer((m) => this.deps.send(m), this.deps.pacing, line);
    this.playing = player;
    void player.play({ textChars: this.textChars, audioMs: this.audioMs }).then((usage) => {
      if (this.playing === player) this.playing = null;
      if (!usage || this.closed) return;
      this.textChars += line.text.length;
      if (this.setup?.sessionResumption)
        this.deps.send({
          sessionResumptionUpdate: { newHandle: this.deps.newHandle(), resumable: true },
        });
    });
  }

  private toolRuleFor(transcript: string): ToolRule | undefined {
    const declared = new Set(
      (this.setup?.tools ?? []).flatMap((tool) =>
        typeof tool === "object" && tool !== null && "functionDeclarations" in tool
          ? (tool.functionDeclarations ?? []).map((d) => d.name)
          : [],
      ),
    );
    return this.deps.script.toolRules.find(
      (rule) => declared.has(rule.tool) && rule.when.test(transcript),
    );
  }
}
