import type { Env } from "../config/env";
import { noTracing, type Tracing } from "./tracing";

/**
 * OpenTelemetry when an OTLP endpoint is configured; otherwise the no-op, and the SDK is never
 * even loaded. OTEL_SDK_DISABLED=true turns it off with the endpoint still set.
 */
export type TracingEnv = Pick<
  Env,
  | "OTEL_EXPORTER_OTLP_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_PROTOCOL"
  | "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
  | "OTEL_SDK_DISABLED"
>;

export async function openTracing(
  env: TracingEnv,
  instanceId: string,
  exportDelayMs?: number,
): Promise<Tracing> {
  const url = tracesUrl(env);
  if (!url || env.OTEL_SDK_DISABLED) return noTracing;
  const { startOtelTracing } = await import("./otel-tracing");
  return startOtelTracing({
    protocol:
      env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf",
    url,
    instanceId,
    ...(exportDelayMs !== undefined && { exportDelayMs }),
  });
}

/** The traces URL: given whole, or the endpoint with `/v1/traces` appended (as the spec says). */
function tracesUrl(env: TracingEnv): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base && `${base.replace(/\/+$/, "")}/v1/traces`;
}
