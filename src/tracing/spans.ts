import { type Context, type Span, SpanStatusCode, type Tracer } from "@opentelemetry/api";

/** Runs `work` as a span under `parent`; a failure marks it with the error's kind, not its text. */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  parent: Context,
  work: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, {}, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Error messages can quote callers or providers: a span keeps only the error's name. */
export function markFailed(span: Span, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  span.setAttribute("error.type", kind);
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
}
