import { afterEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { FRAME_MS } from "../audio/frames";
import { MonotonicFrameClock } from "../calls/frame-clock";

const MAX_BODY_BYTES = 1_048_576;
let api: TestApi;
afterEach(() => api.close());

/** An agent whose one HTTP tool takes `properties` as its parameter schema. */
const agentWithTool = (properties: string) =>
  `{"name":"Desk","config":{"tools":[{"type":"http","name":"lookup","description":"d",` +
  `"url":"https://example.com/hook","parameters":{"type":"object","properties":${properties}}}]}}`;

const nested = (depth: number, open = "[", close = "]", leaf = "") =>
  open.repeat(depth) + leaf + close.repeat(depth);

describe("bounded JSON bodies", () => {
  test("a tool schema nested 100,000 deep is a 400 naming the field, and nothing is stored", async () => {
    api = await startTestApi({ maxBodyBytes: MAX_BODY_BYTES });
    const { key } = await api.tenantWithKey();
    const res = await api.call("POST", "/v1/agents", {
      key,
      rawBody: agentWithTool(`{"a":${nested(100_000)}}`),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toStartWith("body.config.tools.0.parameters.properties.a.0");
    expect(res.body.error.message).toContain("nests deeper than");
    expect(res.body.error.details.issues[0].field).toStartWith("body.config.tools.0.parameters");
    expect((await api.call("GET", "/v1/agents", { key })).body.data).toEqual([]);
  });

  test("a tool schema deeper than a schema needs, though within the body limit, is refused", async () => {
    api = await startTestApi();
    const { key } = await api.tenantWithKey();
    const deep = `{"a":${nested(10, '{"type":"object","properties":{"b":', "}}", '{"type":"string"}')}}`;
    const res = await api.call("POST", "/v1/agents", {
      key,
      rawBody: agentWithTool(deep),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("body.config.tools.0.parameters: ");
    expect(res.body.error.message).toContain("nests deeper than 12 levels");
    const fine = `{"a":${nested(4, '{"type":"object","properties":{"b":', "}}", '{"type":"string"}')}}`;
    const ok = await api.call("POST", "/v1/agents", {
      key,
      rawBody: agentWithTool(fine),
      headers: { "content-type": "application/json" },
    });
    expect(ok.status).toBe(201);
  });

  test("wide arrays, many fields and long strings are named too", async () => {
    api = await startTestApi({ maxBodyBytes: MAX_BODY_BYTES });
    const { key } = await api.tenantWithKey();
    const send = (rawBody: string) =>
      api.call("POST", "/v1/agents", {
        key,
        rawBody,
        headers: { "content-type": "application/json" },
      });
    const wide = await send(`{"name":"x","config":{"tools":[${"0,".repeat(200_000)}0]}}`);
    expect([wide.status, wide.body.error.message]).toEqual([
      400,
      "body.config.tools: must have at most 10000 items",
    ]);
    const long = await send(JSON.stringify({ name: "x", description: "y".repeat(500_000) }));
    expect(long.body.error.message).toBe("body.description: must be at most 100000 characters");
    const variables = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, "x"]));
    const many = await send(JSON.stringify({ name: "x", config: { variables } }));
    expect(many.status).toBe(400);
    expect(many.body.error.message).toContain("body.config.variables");
  });

  test("abusive bodies do not stall a call's 10 ms clock more than ordinary ones do", async () => {
    const clock = new MonotonicFrameClock();
    api = await startTestApi({ maxBodyBytes: MAX_BODY_BYTES, clock });
    const { key } = await api.tenantWithKey();
    const abusive = [
      agentWithTool(`{"a":${nested(100_000)}}`),
      agentWithTool(`{"a":${nested(100_000, '{"a":', "}", "1")}}`),
      `{"name":"x","config":{"tools":[${"0,".repeat(400_000)}0]}}`,
      JSON.stringify({ name: "x", config: { instructions: "y".repeat(1_000_000) } }),
      `{"name":"x","config":{"variables":{${Array.from({ length: 40_000 }, (_, i) => `"v${i}":"x"`).join(",")}}}}`,
    ];
    const ordinary = JSON.stringify({ name: "Desk", config: { instructions: "Book visits." } });

    /** Sends `bodies` one after another while a call-like subscriber ticks every 10 ms. */
    async function largestTickGap(bodies: string[]): Promise<{ gap: number; statuses: number[] }> {
      let last = performance.now();
      let gap = 0;
      const stop = clock.subscribe(() => {
        const now = performance.now();
        gap = Math.max(gap, now - last);
        last = now;
      });
      await Bun.sleep(3 * FRAME_MS);
      const statuses: number[] = [];
      for (const rawBody of bodies) {
        const res = await api.call("POST", "/v1/agents", {
          key,
          rawBody,
          headers: { "content-type": "application/json" },
        });
        statuses.push(res.status);
      }
      await Bun.sleep(3 * FRAME_MS);
      stop();
      return { gap, statuses };
    }

    // Alternating rounds, compared by their medians: a busy machine stalls either kind of
    // round now and then, but only a body that blocks the loop stalls every abusive round.
    const calm: number[] = [];
    const stormy: number[] = [];
    for (let round = 0; round < 5; round++) {
      const ordinaryRound = await largestTickGap(Array.from({ length: 4 }, () => ordinary));
      const abusiveRound = await largestTickGap(
        Array.from({ length: 4 }, (_, i) => abusive[(round + i) % abusive.length] ?? ""),
      );
      expect(ordinaryRound.statuses).toEqual([201, 201, 201, 201]);
      expect(abusiveRound.statuses).toEqual([400, 400, 400, 400]);
      calm.push(ordinaryRound.gap);
      stormy.push(abusiveRound.gap);
    }
    // Measured against the same run's ordinary traffic (at least two frames), never a fixed time.
    expect(median(stormy)).toBeLessThan(5 * Math.max(median(calm), 2 * FRAME_MS));
  }, 60_000);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
