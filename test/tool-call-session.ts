import { builtinDeclarations, type CallAbilities } from "../src/calls/builtin-tools";
import { CallSession } from "../src/calls/call-session";
import { MonotonicFrameClock } from "../src/calls/frame-clock";
import type { KnowledgeSearch } from "../src/calls/knowledge-port";
import { modelSettingsFor } from "../src/calls/model-settings-for-agent";
import type { Toolbox } from "../src/calls/tool-port";
import { type AgentConfig, defaultAgentConfig } from "../src/domain/agent-config";
import type { ToolConfig } from "../src/domain/agent-tools";
import { memoryLogger } from "../src/log/logger";
import type { ModelLeg } from "../src/models/model-leg";
import type { ToolSpec } from "../src/models/model-settings";
import { createOpenAIModelLeg } from "../src/models/openai/create-openai-model-leg";
import type { ModelSimulator } from "../src/models/simulator/server";
import { callerRecording } from "./caller-audio";
import { MemoryMediaLeg } from "./memory-media-leg";
import { RecordedCall } from "./recorded-call";

/**
 * A call session on a memory media leg and the model simulator, with tools: for tests of what
 * happens when the model calls one (the simulator's script says which, and with what).
 */

export const CHECK_SLOTS: ToolSpec = {
  name: "check_slots",
  description: "Free appointment slots on a date",
  parameters: { type: "object", properties: { date: { type: "string" } } },
};

/** A toolbox run by the test: it sees every run and decides how each one goes. */
export class TestTools implements Toolbox {
  readonly declared = [CHECK_SLOTS];
  readonly runs: Array<{ name: string; args: string; signal: AbortSignal }> = [];
  closed = false;
  constructor(
    private readonly behave: (signal: AbortSignal) => Promise<string>,
    private readonly timeout = 2000,
  ) {}
  async listed() {
    return this.declared;
  }
  timeoutMs(name: string) {
    return name === "check_slots" ? this.timeout : undefined;
  }
  run(name: string, args: string, signal: AbortSignal) {
    this.runs.push({ name, args, signal });
    return this.behave(signal);
  }
  async close() {
    this.closed = true;
  }
}

export function configWith(tools: ToolConfig[]): AgentConfig {
  const config = defaultAgentConfig();
  config.greeting.mode = "none";
  config.tools = tools;
  return config;
}

export function startToolCall(
  sim: ModelSimulator,
  options: {
    config?: AgentConfig;
    tools?: Toolbox;
    abilities?: CallAbilities;
    knowledge?: KnowledgeSearch;
    cue?: Int16Array;
    /** Sees the model leg before it connects (a call's trace watches it). */
    watchModel?: (model: ModelLeg) => void;
  },
) {
  const config = options.config ?? configWith([]);
  const abilities = options.abilities ?? {};
  const model = createOpenAIModelLeg({
    apiKey: "sk-test",
    baseUrl: sim.url,
    connectTimeoutMs: 1500,
    backoff: { maxAttempts: 0 },
  });
  options.watchModel?.(model);
  const declared = [...builtinDeclarations(config, abilities), ...(options.tools?.declared ?? [])];
  const modelConnection = model.connect(modelSettingsFor(config, {}, declared));
  modelConnection.catch(() => {});
  const records = new RecordedCall();
  const log = memoryLogger();
  const media = new MemoryMediaLeg(2);
  const session = new CallSession({
    id: "call_tools",
    config,
    context: {},
    media,
    model,
    modelConnection,
    clock: new MonotonicFrameClock(),
    records,
    log: log.logger,
    tools: {
      tenantId: "ten_test",
      external: options.tools,
      knowledge: options.knowledge,
      abilities,
      cue: options.cue,
    },
  });
  const eventsBefore = sim.clientEvents.length;
  /** What this call sent the model after it started. */
  const sent = () => sim.clientEvents.slice(eventsBefore).map((e) => e.event);
  session.start();
  media.connect();
  return { session, media, records, log, sent, modelConnection };
}

/** The caller says something once the model is listening; the tool call follows its end. */
export async function callerSpeaks(call: ToolCall) {
  await call.modelConnection;
  call.media.play(callerRecording("en-hours.wav"));
}

export const toolOutputs = (sent: ReturnType<ToolCall["sent"]>) =>
  sent.flatMap((e) =>
    e.type === "conversation.item.create" && e.item.type === "function_call_output"
      ? [e.item.output]
      : [],
  );

export type ToolCall = ReturnType<typeof startToolCall>;
