import type { Pacing, ResponsePlan } from "./response-run";
import { ResponseRun } from "./response-run";
import type { ReplyContext, ReplyTrigger, SimulatorScript, ToolRule } from "./script";
import type { SimContext } from "./sim-context";
import { UsageFigures } from "./usage-figures";
import type { VoiceLines } from "./voice-lines";

export interface ResponderDeps {
  lines: VoiceLines;
  script: SimulatorScript;
  pacing: Pacing;
  /** A spoken reply finished (the idle timeout starts counting). */
  onSpeechDone: () => void;
}

/** A response asked to say exactly a quoted text: that text. */
const SAY_EXACTLY = /^Say exactly this[^:]*: "([\s\S]*)"$/;

/**
 * Makes the simulated model's responses, one at a time: a voice line, or a scripted tool call
 * when the caller's transcript matches a rule for a tool the session declared. A response asked
 * to say exactly the text of one of the voice lines says that line.
 */
export class Responder {
  private running: ResponseRun | null = null;
  private pendingTool: { rule: ToolRule; callId: string; answered: boolean } | null = null;
  private count = 0;
  private readonly usage = new UsageFigures();
  /** Milliseconds of audio of each assistant item sent so far (truncation is checked against it). */
  readonly assistantAudio = new Map<string, number>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deps: ResponderDeps,
  ) {}

  get active(): ResponseRun | null {
    return this.running;
  }

  /** True once the output of the last scripted tool call has arrived. */
  get toolResultReady(): boolean {
    return this.pendingTool?.answered ?? false;
  }

  noteToolOutput(callId: string): void {
    if (this.pendingTool?.callId === callId) this.pendingTool.answered = true;
  }

  cancel(reason: "turn_detected" | "client_cancelled"): void {
    this.running?.cancel(reason);
  }

  start(trigger: ReplyTrigger, instructions?: string): void {
    const plan = this.plan(trigger, instructions);
    const run = new ResponseRun(
      {
        ids: this.ctx.ids,
        emit: (event) => this.ctx.emit(event),
        pacing: this.deps.pacing,
        voice: String(this.ctx.settings().audio?.output?.voice ?? "alloy"),
        format: this.ctx.settings().audio?.output?.format ?? { type: "audio/pcm", rate: 24000 },
        previousItemId: this.ctx.conversation.lastItemId,
        onAudioSent: (itemId, ms) => {
          this.assistantAudio.set(itemId, (this.assistantAudio.get(itemId) ?? 0) + ms);
        },
        usageFor: (output) => {
          const facts = this.ctx.conversation;
          const instructionChars =
            (this.ctx.settings().instructions?.length ?? 0) + (instructions?.length ?? 0);
          const figures = this.usage.next(
            { textChars: instructionChars + facts.textChars, audioMs: facts.inputAudioMs },
            output,
          );
          facts.textChars += output.text.length;
          return figures;
        },
      },
      plan,
    );
    this.running = run;
    this.ctx.conversation.lastItemId = run.itemId;
    void run.run().then(() => {
      if (this.running === run) this.running = null;
      if (plan.kind === "speech") this.deps.onSpeechDone();
    });
  }

  private plan(trigger: ReplyTrigger, instructions?: string): ResponsePlan {
    const index = this.count++;
    const { lastTranscript } = this.ctx.conversation;
    const rule = trigger === "turn" ? this.matchingToolRule(lastTranscript ?? "") : undefined;
    if (rule) {
      const callId = this.ctx.ids.next("call");
      this.pendingTool = { rule, callId, answered: false };
      return {
        kind: "function_call",
        name: rule.tool,
        callId,
        args: JSON.stringify(rule.arguments),
      };
    }
    const toolRule = trigger === "tool_result" ? this.pendingTool?.rule : undefined;
    if (trigger === "tool_result") this.pendingTool = null;
    const context: ReplyContext = {
      index,
      trigger,
      ...(lastTranscript !== undefined && { transcript: lastTranscript }),
      ...(instructions !== undefined && { instructions }),
      ...(toolRule && { toolRule }),
    };
    const lines = this.deps.lines;
    const line =
      this.lineSaying(instructions) ??
      lines.get(this.deps.script.reply(context)) ??
      lines.values().next().value;
    if (!line) throw new Error("simulator: no voice lines loaded");
    return { kind: "speech", line };
  }

  private lineSaying(instructions: string | undefined) {
    const text = instructions?.match(SAY_EXACTLY)?.[1];
    if (text === undefined) return undefined;
    return [...this.deps.lines.values()].find((line) => line.text === text);
  }

  private matchingToolRule(transcript: string): ToolRule | undefined {
    const declared = new Set(
      (this.ctx.settings().tools ?? []).map((tool) => ("name" in tool ? tool.name : undefined)),
    );
    return this.deps.script.toolRules.find(
      (rule) => declared.has(rule.tool) && rule.when.test(transcript),
    );
  }
}
