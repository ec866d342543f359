import type { AgentConfig } from "../domain/agent-config";
import type { ToolCallRecord, ToolCallStatus } from "../domain/call";
import type { Logger } from "../log/logger";
import type { ModelLeg } from "../models/model-leg";
import type { ToolSpec } from "../models/model-settings";
import type { CallContext } from "../prompts/instructions";
import { toolTraceOf } from "../tracing/tracing";
import { BuiltinTools, type CallAbilities } from "./builtin-tools";
import type { OrderedRecordWriter } from "./call-records";
import type { KnowledgeSearch } from "./knowledge-port";
import { type Toolbox, ToolFailure, type ToolFailureReason } from "./tool-port";
import { untilAborted } from "./until-aborted";
import { WorkingCue } from "./working-cue";

/** What a call brings to its tools, set up by the call service. */
export interface SessionTools {
  tenantId: string;
  /** The call's HTTP and MCP tools. */
  external?: Toolbox | undefined;
  knowledge?: KnowledgeSearch | undefined;
  abilities: CallAbilities;
  /** The working-on-it cue, 48 kHz at its playing level; without one the caller hears silence. */
  cue?: Int16Array | undefined;
}

export interface ToolCallsDeps {
  tools: SessionTools;
  config: AgentConfig;
  context: CallContext;
  model: ModelLeg;
  writer: OrderedRecordWriter;
  log: Logger;
  /** Aborted when the call ends: every run still going is cancelled. */
  lifetime: AbortSignal;
  now: () => number;
  offsetMs: () => number;
  /** The model called end_call: the call ends once the agent has finished speaking. */
  endCall: () => void;
}

/** One run's outcome, as the record keeps it and the model is told. */
export interface ToolOutcome {
  status: ToolCallStatus;
  output: string | null;
  error: string | null;
  durationMs: number;
  /** For a log line: why it failed, never what it said. */
  reason: ToolFailureReason | "timeout" | "cancelled" | null;
}

/**
 * Runs one tool with its deadline: the tool's own timeout, or `signal` (the call ending).
 * Never rejects; a failure is an outcome with a short message for the model.
 */
export async function runWithDeadline(
  toolbox: Toolbox,
  name: string,
  argumentsJson: string,
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): Promise<ToolOutcome> {
  const started = now();
  const done = (
    status: ToolCallStatus,
    result: { output?: string; error?: string; reason?: ToolOutcome["reason"] },
  ): ToolOutcome => ({
    status,
    output: result.output ?? null,
    error: result.error ?? null,
    durationMs: Math.round(now() - started),
    reason: result.reason ?? null,
  });
  // An MCP tool is known once its server is listed (at the start of a call, or here).
  const timeoutMs =
    toolbox.timeoutMs(name) ??
    (await toolbox.listed(signal).then(
      () => toolbox.timeoutMs(name),
      () => undefined,
    ));
  if (timeoutMs === undefined)
    return done("error", { error: `there is no tool named ${name}`, reason: "unknown_tool" });
  const deadline = AbortSignal.timeout(timeoutMs);
  const both = AbortSignal.any([signal, deadline]);
  try {
    // A tool that ignores its signal still lets the run end when the deadline passes.
    const output = await untilAborted(toolbox.run(name, argumentsJson, both), both);
    return done("ok", { output });
  } catch (error) {
    if (signal.aborted) return done("cancelled", { error: "the call ended", reason: "cancelled" });
    if (deadline.aborted) {
      const error = `no answer within ${timeoutMs / 1000} s`;
      return done("timeout", { error, reason: "timeout" });
    }
    if (error instanceof ToolFailure)
      return done("error", { error: error.message, reason: error.reason });
    return done("error", { error: "the tool failed", reason: "tool_error" });
  }
}

/** Two toolboxes as one: a name is run by the first that has it. */
export function joinToolboxes(first: Toolbox, second: Toolbox | undefined): Toolbox {
  if (!second) return first;
  const owner = (name: string) => (first.timeoutMs(name) !== undefined ? first : second);
  return {
    declared: [...first.declared, ...second.declared],
    listed: async (signal) => {
      const [mine, theirs] = await Promise.all([first.listed(signal), second.listed(signal)]);
      const names = new Set(mine.map((tool) => tool.name));
      return [...mine, ...theirs.filter((tool) => !names.has(tool.name))];
    },
    timeoutMs: (name) => first.timeoutMs(name) ?? second.timeoutMs(name),
    run: (name, args, signal) => owner(name).run(name, args, signal),
    close: async () => {
      await Promise.allSettled([first.close(), second.close()]);
    },
  };
}

interface Running {
  name: string;
  argumentsJson: string;
  itemId: string;
  offsetMs: number;
  startedAt: number;
}

/**
 * The tools of one call: each call the model makes is run with its deadline, its output (or a
 * short failure) goes back to the model, and the call's record gets it in line with the
 * messages. Arguments and outputs never reach a log line. While a tool runs the working cue
 * may sound (see WorkingCue).
 */
export class ToolCalls {
  private readonly toolbox: Toolbox;
  private readonly cue: WorkingCue | null;
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: ToolCallsDeps) {
    const { tools } = deps;
    const builtins = new BuiltinTools({
      tenantId: tools.tenantId,
      config: deps.config,
      context: deps.context,
      model: deps.model,
      knowledge: tools.knowledge,
      abilities: tools.abilities,
      event: (kind, detail) => deps.writer.event(kind, detail),
    });
    this.toolbox = joinToolboxes(builtins, tools.external);
    this.cue = tools.cue ? new WorkingCue(tools.cue, deps.now) : null;
  }

  /** The next 10 ms of the working cue, or null: what the caller hears while the agent is silent. */
  readonly cueFrame = (): Int16Array | null => this.cue?.next() ?? null;

  /** Agent audio went out to the caller. */
  agentSpoke(): void {
    this.cue?.agentSpoke();
  }

  /** Lists the MCP servers' tools and declares them to the model once they are known. */
  declareListed(): void {
    const declared = this.toolbox.declared.length;
    this.toolbox.listed(this.deps.lifetime).then(
      (all: ToolSpec[]) => {
        if (!this.deps.lifetime.aborted && all.length > declared)
          this.deps.model.updateSession({ tools: all });
      },
      () => {}, // the call ended first
    );
  }

  handle(call: { callId: string; name: string; argumentsJson: string; itemId: string }): void {
    if (this.deps.lifetime.aborted) return;
    const run: Running = {
      name: call.name,
      argumentsJson: call.argumentsJson,
      itemId: call.itemId,
      offsetMs: Math.round(this.deps.offsetMs()),
      startedAt: this.deps.now(),
    };
    if (call.name === "end_call") {
      this.deps.model.sendToolResult(call.callId, JSON.stringify({ ok: true }), {
        createResponse: false,
      });
      this.record(run, { status: "ok", output: '{"ok":true}', error: null, durationMs: 0 });
      this.deps.endCall();
      return;
    }
    this.running.set(call.callId, run);
    this.cue?.toolStarted();
    void runWithDeadline(
      this.toolbox,
      call.name,
      call.argumentsJson,
      this.deps.lifetime,
      this.deps.now,
    ).then((outcome) => this.finished(call.callId, run, outcome));
  }

  /** The call is ending: runs still going are recorded as cancelled, before the call's end. */
  cancelAll(): void {
    for (const [callId, run] of this.running) {
      const durationMs = Math.round(this.deps.now() - run.startedAt);
      this.finished(callId, run, {
        status: "cancelled",
        output: null,
        error: "the call ended",
        durationMs,
        reason: "cancelled",
      });
    }
  }

  close(): Promise<void> {
    return this.toolbox.close();
  }

  private finished(callId: string, run: Running, outcome: ToolOutcome): void {
    if (this.running.get(callId) !== run) return;
    this.running.delete(callId);
    this.cue?.toolFinished();
    this.record(run, outcome);
    toolTraceOf(this.deps.model)?.toolFinished(callId, outcome.status);
    this.deps.log.info("tool call", {
      tool: run.name,
      status: outcome.status,
      durationMs: outcome.durationMs,
      ...(outcome.reason && { reason: outcome.reason }),
    });
    if (outcome.status === "cancelled" || this.deps.lifetime.aborted) return;
    const output = outcome.output ?? JSON.stringify({ error: outcome.error });
    this.deps.model.sendToolResult(callId, output);
  }

  private record(run: Running, outcome: Omit<ToolOutcome, "reason">): void {
    const tool: ToolCallRecord = {
      name: run.name,
      arguments: run.argumentsJson,
      status: outcome.status,
      output: outcome.output,
      error: outcome.error,
      durationMs: outcome.durationMs,
    };
    this.deps.writer.toolCall(tool, run.itemId, run.offsetMs);
  }
}
