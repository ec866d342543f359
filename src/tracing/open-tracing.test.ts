import { describe, expect, test } from "bun:test";
import { readEnv } from "../config/env";

/** Runs `script` in a fresh Bun process from the repository root; returns what it printed. */
async function runFresh(script: string): Promise<string> {
  const child = Bun.spawn([process.execPath, "-e", script], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: "",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "",
    },
    stdout: "pipe",
    stderr: "inherit",
  });
  const out = await new Response(child.stdout).text();
  expect(await child.exited).toBe(0);
  return out.trim();
}

describe("tracing switched by the environment", () => {
  test("without an OTLP endpoint nothing of OpenTelemetry is loaded, and with one it is", async () => {
    const script = (env: string) => `
      import { readEnv } from "./src/config/env";
      import { openTracing } from "./src/tracing/open-tracing";
      await import("./src/app");
      await import("./src/calls/call-service");
      const tracing = await openTracing(readEnv(${env}), "m");
      const loaded = Object.keys(require.cache).filter((k) => k.includes("@opentelemetry"));
      console.log(JSON.stringify({ enabled: tracing.enabled, middleware: tracing.requests !== null, loaded: loaded.length }));
      await tracing.shutdown();`;
    expect(JSON.parse(await runFresh(script("{}")))).toEqual({
      enabled: false,
      middleware: false,
      loaded: 0,
    });
    const disabled = `{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9", OTEL_SDK_DISABLED: "true" }`;
    expect(JSON.parse(await runFresh(script(disabled))).loaded).toBe(0);
    const on = JSON.parse(
      await runFresh(script(`{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" }`)),
    );
    expect(on).toMatchObject({ enabled: true, middleware: true });
    expect(on.loaded).toBeGreaterThan(0);
  }, 30_000);

  test("an unsupported protocol or a bad endpoint is refused by name", () => {
    expect(() => readEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL.*grpc is not supported/,
    );
    expect(() => readEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(readEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }).OTEL_EXPORTER_OTLP_PROTOCOL).toBe(
      "http/json",
    );
  });
});
