import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { useAmbientLogFields } from "../log/logger";
import { OtelCallTrace } from "./otel-call-trace";
import { requestSpans } from "./request-spans";
import { inSpan } from "./spans";
import type { Tracing } from "./tracing";

export type OtlpProtocol = "http/protobuf" | "http/json";

export interface OtelSettings {
  protocol: OtlpProtocol;
  /** Where spans are sent (…/v1/traces). */
  url: string;
  /** This process among the service's (the machine id). */
  instanceId: string;
  /** Milliseconds between exports; default the SDK's 5 s. */
  exportDelayMs?: number;
}

/**
 * OpenTelemetry with an OTLP/HTTP exporter to `url`. The exporter reads the other standard
 * variables itself (OTEL_EXPORTER_OTLP_[TRACES_]HEADERS, _TIMEOUT, _COMPRESSION);
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service. Loaded only when tracing.
 */
export async function startOtelTracing(settings: OtelSettings): Promise<Tracing> {
  const { OTLPTraceExporter } =
    settings.protocol === "http/json"
      ? await import("@opentelemetry/exporter-trace-otlp-http")
      : await import("@opentelemetry/exporter-trace-otlp-proto");
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  // Later attributes win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES over the defaults.
  const resource = resourceFromAttributes({
    "service.name": "astra-voice",
    "service.instance.id": settings.instanceId,
  }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: settings.url }),
        ...(settings.exportDelayMs !== undefined && {
          scheduledDelayMillis: settings.exportDelayMs,
        }),
      }),
    ],
  });
  const tracer = provider.getTracer("astra-voice");
  useAmbientLogFields(activeTraceFields);
  return {
    enabled: true,
    requests: requestSpans(tracer, new W3CTraceContextPropagator()),
    startCall: (info) => {
      const span = tracer.startSpan("call", {
        attributes: {
          "call.channel": info.channel,
          "call.direction": info.direction,
          "tenant.id": info.tenantId,
          "agent.id": info.agentId,
        },
      });
      return new OtelCallTrace(tracer, span, trace.setSpan(context.active(), span));
    },
    span: (name, work) => inSpan(tracer, name, context.active(), work),
    shutdown: async () => {
      useAmbientLogFields(undefined);
      await provider.shutdown();
      context.disable();
    },
  };
}

/** `trace_id` and `span_id` of the active span, for log lines. */
function activeTraceFields(): Record<string, string> | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
