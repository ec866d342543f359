import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";
import type { ModelLeg } from "../models/model-leg";
import { inSpan } from "./spans";
import { type CallTrace, traceToolsOf } from "./tracing";

/**
 * One call's span and what hangs off it. Model events arrive on the model's socket, outside any
 * request, so they are put on the call span by hand rather than through the active context.
 */
export class OtelCallTrace implements CallTrace {
  readonly logFields: Readonly<Record<string, string>>;
  private connecting: Span | null = null;
  private readonly tools = new Map<string, Span>();
  /** Responses under way, and those whose first audio has arrived. */
  private readonly responding = new Set<string>();
  private readonly heard = new Set<string>();
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
    model.on("connectionState", (state) => {
      if (state.status === "connecting" && !this.connecting) {
        this.connecting = this.child("model.connect", { "model.attempt": state.attempt });
      } else if (state.status === "connected") {
        this.connecting?.end();
        this.connecting = null;
        this.event("model.session_ready", { "model.session_number": state.sessionNumber });
      } else if (state.status === "reconnecting") {
        this.event("model.reconnecting", { "model.attempt": state.attempt });
      } else if (state.status === "closed" && this.connecting) {
        const kind = state.error?.category ?? "closed";
        this.connecting.setStatus({ code: SpanStatusCode.ERROR, message: kind });
        this.connecting.end();
        this.connecting = null;
      }
    });
    model.on("responseCreated", ({ responseId }) => {
      this.responding.add(responseId);
      this.event("model.response_created");
    });
    model.on("audio", ({ responseId }) => {
      if (this.heard.has(responseId)) return;
      this.heard.add(responseId);
      this.event("model.first_audio");
    });
    model.on("responseDone", ({ responseId, status }) => {
      this.responding.delete(responseId);
      this.heard.delete(responseId);
      this.event("model.response_done", { "model.response_status": status });
    });
    // The caller speaking over a response under way is a barge-in.
    model.on("speechStarted", () =>
      this.event(this.responding.size > 0 ? "caller.barge_in" : "caller.speech_started"),
    );
    model.on("toolCall", ({ callId, name }) => {
      const span = this.child(`tool ${name}`, { "tool.name": name });
      // end_call is answered by the session itself at once.
      if (name === "end_call") span.end();
      else this.tools.set(callId, span);
    });
    model.on("error", (error) =>
      this.event("model.error", {
        "error.type": error.category,
        "model.error_recoverable": error.recoverable,
        ...(error.code && { "model.error_code": error.code }),
      }),
    );
    model.on("sessionRotated", ({ reason, sessionNumber }) =>
      this.event("model.session_rotated", {
        "model.rotation_reason": reason,
        "model.session_number": sessionNumber,
      }),
    );
  }

  toolFinished(toolCallId: string, status: string): void {
    const span = this.tools.get(toolCallId);
    if (!span) return;
    this.tools.delete(toolCallId);
    span.setAttribute("tool.outcome", status);
    if (status !== "ok" && status !== "cancelled") span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const toolCallId of [...this.tools.keys()]) this.toolFinished(toolCallId, "cancelled");
    this.connecting?.end();
    this.span.setAttribute("call.end_reason", reason);
    this.span.end();
  }

  private child(name: string, attributes: Attributes): Span {
    return this.tracer.startSpan(name, { attributes }, this.inCall);
  }

  private event(name: string, attributes?: Attributes): void {
    if (!this.ended) this.span.addEvent(name, attributes);
  }
}
