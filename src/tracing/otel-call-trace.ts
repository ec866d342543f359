import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";
import type { ModelLeg } from "../models/model-leg";
import { type ModelTraceEvent, modelTraceEvents } from "./model-trace-events";
import { inSpan } from "./spans";
import { type CallTrace, traceToolsOf } from "./tracing";

/**
 * One call's span and what hangs off it. Model events arrive on the model's socket (or from a
 * call worker), outside any request, so they are put on the call span by hand rather than
 * through the active context; a worker's carry the time they happened there.
 */
export class OtelCallTrace implements CallTrace {
  readonly logFields: Readonly<Record<string, string>>;
  private connecting: Span | null = null;
  private readonly tools = new Map<string, Span>();
  /** Responses under way. */
  private readonly responding = new Set<string>();
  private ended = false;

  constructor(
    private readonly tracer: Tracer,
    private readonly span: Span,
    private readonly inCall: Context,
  ) {
    const { traceId, spanId } = span.spanContext();
    this.logFields = { trace_id: traceId, span_id: spanId };
  }

  step<T>(name: string, work: () => Promise<T>): Promise<T> {
    return inSpan(this.tracer, name, this.inCall, work);
  }

  within<T>(work: () => T): T {
    return context.with(this.inCall, work);
  }

  watchModel(model: ModelLeg): void {
    traceToolsOf(model, this);
    modelTraceEvents(model, (event) => this.modelEvent(event));
  }

  modelEvent(event: ModelTraceEvent, at?: number): void {
    switch (event.kind) {
      case "connecting":
        if (!this.connecting)
          this.connecting = this.child("model.connect", { "model.attempt": event.attempt }, at);
        return;
      case "connected":
        this.connecting?.end(at);
        this.connecting = null;
        this.event("model.session_ready", { "model.session_number": event.sessionNumber }, at);
        return;
      case "reconnecting":
        this.event("model.reconnecting", { "model.attempt": event.attempt }, at);
        return;
      case "closed":
        if (!this.connecting) return;
        this.connecting.setStatus({ code: SpanStatusCode.ERROR, message: event.errorType });
        this.connecting.end(at);
        this.connecting = null;
        return;
      case "response_created":
        this.responding.add(event.responseId);
        this.event("model.response_created", undefined, at);
        return;
      case "first_audio":
        this.event("model.first_audio", undefined, at);
        return;
      case "response_done":
        this.responding.delete(event.responseId);
        this.event("model.response_done", { "model.response_status": event.status }, at);
        return;
      case "speech_started":
        // The caller speaking over a response under way is a barge-in.
        this.event(
          this.responding.size > 0 ? "caller.barge_in" : "caller.speech_started",
          undefined,
          at,
        );
        return;
      case "tool_call": {
        const span = this.child(`tool ${event.name}`, { "tool.name": event.name }, at);
        // end_call is answered by the session itself at once.
        if (event.name === "end_call") span.end(at);
        else this.tools.set(event.toolCallId, span);
        return;
      }
      case "tool_finished":
        this.endTool(event.toolCallId, event.status, at);
        return;
      case "error":
        this.event(
          "model.error",
          {
            "error.type": event.category,
            "model.error_recoverable": event.recoverable,
            ...(event.code && { "model.error_code": event.code }),
          },
          at,
        );
        return;
      case "session_rotated":
        this.event(
          "model.session_rotated",
          { "model.rotation_reason": event.reason, "model.session_number": event.sessionNumber },
          at,
        );
        return;
    }
  }

  toolFinished(toolCallId: string, status: string): void {
    this.endTool(toolCallId, status);
  }

  private endTool(toolCallId: string, status: string, at?: number): void {
    const span = this.tools.get(toolCallId);
    if (!span) return;
    this.tools.delete(toolCallId);
    span.setAttribute("tool.outcome", status);
    if (status !== "ok" && status !== "cancelled") span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(at);
  }

  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const toolCallId of [...this.tools.keys()]) this.toolFinished(toolCallId, "cancelled");
    this.connecting?.end();
    this.span.setAttribute("call.end_reason", reason);
    this.span.end();
  }

  private child(name: string, attributes: Attributes, at?: number): Span {
    return this.tracer.startSpan(
      name,
      { attributes, ...(at !== undefined && { startTime: at }) },
      this.inCall,
    );
  }

  private event(name: string, attributes?: Attributes, at?: number): void {
    if (!this.ended) this.span.addEvent(name, attributes, at);
  }
}
