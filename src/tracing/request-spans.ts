import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * A server span per request, named by its route template (`POST /v1/calls/:id/hangup`): the
 * path itself can hold a tenant's webhook token, so it is never recorded, nor headers or bodies.
 * API requests continue a caller's `traceparent`; webhooks and pages start their own trace.
 */
export function requestSpans(tracer: Tracer, propagator: TextMapPropagator): MiddlewareHandler {
  return async function traceRequest(c, next) {
    const method = c.req.method;
    const parent = c.req.path.startsWith("/v1/")
      ? propagator.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter)
      : ROOT_CONTEXT;
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": method } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = c.req.routePath;
      const status = c.res.status;
      span.updateName(`${method} ${route}`);
      span.setAttribute("http.route", route);
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
