import type { MiddlewareHandler } from "hono";
import type { ModelLeg } from "../models/model-leg";
import type { ModelTraceEvent } from "./model-trace-events";

/** Who a call is, as its trace shows it: ids and kinds only, never numbers or names. */
export interface CallTraceInfo {
  channel: string;
  direction: string;
  tenantId: string;
  agentId: string;
}

/** One call's spans: the call itself, its opening steps, its model's events. */
export interface CallTrace {
  /** `trace_id` and `span_id` of the call span for the call's log lines; empty when untraced. */
  readonly logFields: Readonly<Record<string, string>>;
  /** Runs `work` as a child span of the call (admission, media answer). */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** The model's connect as a span and its events (responses, first audio, barge-ins) on the call. */
  watchModel(model: ModelLeg): void;
  /** The same for a model leg on a call worker: one of its events, at when it happened (epoch ms). */
  modelEvent(event: ModelTraceEvent, at?: number): void;
  /** Runs `work` inside the call's trace, so what it starts (after-call steps) joins it. */
  within<T>(work: () => T): T;
  /** The call span ends with the call. */
  end(reason: string): void;
}

/** How the gateway traces: nothing at all, or OpenTelemetry when an OTLP endpoint is set. */
export interface Tracing {
  readonly enabled: boolean;
  /** A server span for each request; null when untraced (no middleware at all). */
  readonly requests: MiddlewareHandler | null;
  /** The call's span, a child of whatever is active (the webhook or API request). */
  startCall(info: CallTraceInfo): CallTrace;
  /** Runs `work` as a child span of whatever is active. */
  span<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Sends what is still buffered and stops. */
  shutdown(): Promise<void>;
}

const untracedCall: CallTrace = {
  logFields: {},
  step: (_name, work) => work(),
  watchModel: () => {},
  modelEvent: () => {},
  within: (work) => work(),
  end: () => {},
};

/** The default: no spans, no context, nothing loaded. */
export const noTracing: Tracing = {
  enabled: false,
  requests: null,
  startCall: () => untracedCall,
  span: (_name, work) => work(),
  shutdown: async () => {},
};

let current: Tracing = noTracing;

/** The process's tracing, set once at startup (like OpenTelemetry's own global provider). */
export function tracing(): Tracing {
  return current;
}

export function useTracing(next: Tracing): void {
  current = next;
}

/** Tool runs end where the model cannot see them: the call's trace is found by its model leg. */
export interface ToolTrace {
  toolFinished(toolCallId: string, status: string): void;
}
const toolTraces = new WeakMap<object, ToolTrace>();

export function traceToolsOf(model: ModelLeg, tools: ToolTrace): void {
  toolTraces.set(model, tools);
}

export function toolTraceOf(model: ModelLeg): ToolTrace | undefined {
  return toolTraces.get(model);
}
