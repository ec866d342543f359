import { describe, expect, test } from "bun:test";
import { parseExposition, sampleValue } from "../../test/prometheus-text";
import { Collected, Counter, Gauge, Histogram, MetricRegistry } from "./exposition";

function sampleRegistry() {
  const registry = new MetricRegistry();
  const requests = registry.register(
    new Counter({
      name: "demo_requests_total",
      help: 'Requests, with a backslash \\ and a\nline feed and "quotes".',
      labels: { path: ["C:\\DIR\\FILE.TXT", 'say "hi"\nthen go', "plain"] },
    }),
  );
  const level = registry.register(new Gauge({ name: "demo_level", help: "A level." }));
  const latency = registry.register(
    new Histogram({
      name: "demo_latency_seconds",
      help: "Latency.",
      labels: { kind: ["a", "b"] },
      buckets: [0.5, 0.1, 1],
    }),
  );
  registry.register(
    new Collected(
      "gauge",
      { name: "demo_read", help: "Read at scrape.", labels: { q: ["x"] } },
      () => [
        [{ q: "x" }, 2],
        [{ q: "x" }, 3],
        [{ q: "ten_secret" }, 4],
      ],
    ),
  );
  return { registry, requests, level, latency };
}

describe("the Prometheus text exposition", () => {
  test("escapes HELP and label values, and parses back to the same values", async () => {
    const { registry, requests, level } = sampleRegistry();
    requests.labels({ path: "C:\\DIR\\FILE.TXT" }).inc();
    requests.labels({ path: 'say "hi"\nthen go' }).inc(2);
    level.labels({}).set(-1.5);
    const text = await registry.render();
    expect(text).toContain(
      '# HELP demo_requests_total Requests, with a backslash \\\\ and a\\nline feed and "quotes".\n',
    );
    expect(text).toContain('demo_requests_total{path="C:\\\\DIR\\\\FILE.TXT"} 1\n');
    expect(text).toContain('demo_requests_total{path="say \\"hi\\"\\nthen go"} 2\n');

    const families = parseExposition(text);
    expect(families.get("demo_requests_total")?.type).toBe("counter");
    expect(families.get("demo_requests_total")?.help).toBe(
      'Requests, with a backslash \\ and a\nline feed and "quotes".',
    );
    expect(sampleValue(families, "demo_requests_total", { path: 'say "hi"\nthen go' })).toBe(2);
    expect(sampleValue(families, "demo_level")).toBe(-1.5);
  });

  test("histograms give cumulative _bucket lines up to +Inf, then _sum and _count", async () => {
    const { registry, latency } = sampleRegistry();
    for (const seconds of [0.05, 0.1, 0.3, 0.7, 2, 9])
      latency.labels({ kind: "a" }).observe(seconds);
    latency.labels({ kind: "b" }).observe(Number.NaN);
    const text = await registry.render();
    expect(text).toContain(
      [
        'demo_latency_seconds_bucket{kind="a",le="0.1"} 2',
        'demo_latency_seconds_bucket{kind="a",le="0.5"} 3',
        'demo_latency_seconds_bucket{kind="a",le="1"} 4',
        'demo_latency_seconds_bucket{kind="a",le="+Inf"} 6',
        'demo_latency_seconds_sum{kind="a"} 12.15',
        'demo_latency_seconds_count{kind="a"} 6',
      ].join("\n"),
    );
    // NaN is not observed; the series exists with nothing in it.
    expect(text).toContain('demo_latency_seconds_count{kind="b"} 0');
    const families = parseExposition(text);
    expect(sampleValue(families, "demo_latency_seconds_bucket", { kind: "a", le: "0.5" })).toBe(3);
    expect(sampleValue(families, "demo_latency_seconds_sum", { kind: "a" })).toBeCloseTo(12.15, 9);
  });

  test("observations made elsewhere in the same buckets add into a series", async () => {
    const { registry, latency } = sampleRegistry();
    const here = latency.labels({ kind: "a" });
    here.observe(0.05);
    // Another thread's own series, sent over as its counts, sum and count.
    const there = latency.labels({ kind: "b" });
    for (const seconds of [0.3, 2]) there.observe(seconds);
    here.add(there.counts.slice(), there.sum, there.count);
    const families = parseExposition(await registry.render());
    expect(sampleValue(families, "demo_latency_seconds_bucket", { kind: "a", le: "0.1" })).toBe(1);
    expect(sampleValue(families, "demo_latency_seconds_bucket", { kind: "a", le: "0.5" })).toBe(2);
    expect(sampleValue(families, "demo_latency_seconds_count", { kind: "a" })).toBe(3);
    expect(sampleValue(families, "demo_latency_seconds_sum", { kind: "a" })).toBeCloseTo(2.35, 9);
  });

  test("a label value outside its declared list is counted as other, never written", async () => {
    const { registry, requests } = sampleRegistry();
    requests.labels({ path: "ten_0123456789abcdefghijklm" }).inc();
    requests.labels({ path: "+919800000000" }).inc();
    const text = await registry.render();
    expect(text).not.toContain("ten_0123");
    expect(text).not.toContain("919800000000");
    expect(text).not.toContain("ten_secret");
    const families = parseExposition(text);
    expect(sampleValue(families, "demo_requests_total", { path: "other" })).toBe(2);
    // Collected readings of one series are summed; the unknown one went to `other`.
    expect(sampleValue(families, "demo_read", { q: "x" })).toBe(5);
    expect(sampleValue(families, "demo_read", { q: "other" })).toBe(4);
  });

  test("names the format does not allow are refused when the metric is made", () => {
    expect(() => new Counter({ name: "bad-name", help: "" })).toThrow();
    expect(() => new Gauge({ name: "ok", help: "", labels: { __reserved: [] } })).toThrow();
    expect(
      () => new Histogram({ name: "h", help: "", labels: { le: [] }, buckets: [1] }),
    ).toThrow();
    expect(() => new Histogram({ name: "h", help: "", buckets: [] })).toThrow();
    const registry = new MetricRegistry();
    registry.register(new Gauge({ name: "twice", help: "" }));
    expect(() => registry.register(new Gauge({ name: "twice", help: "" }))).toThrow();
  });

  test("a reading that fails leaves only that family's header", async () => {
    const registry = new MetricRegistry();
    registry.register(
      new Collected("gauge", { name: "demo_broken", help: "Fails." }, async () => {
        throw new Error("database away");
      }),
    );
    registry
      .register(new Gauge({ name: "demo_fine", help: "Fine." }))
      .labels({})
      .set(1);
    const families = parseExposition(await registry.render());
    expect(families.get("demo_broken")?.samples).toEqual([]);
    expect(sampleValue(families, "demo_fine")).toBe(1);
  });

  test("the strict reader refuses what the format does not allow", () => {
    expect(() => parseExposition('x{a="1} 1\n')).toThrow();
    expect(() => parseExposition('x{a="\\t"} 1\n')).toThrow();
    expect(() => parseExposition("# TYPE x counter\ny 1\n")).toThrow();
    expect(() =>
      parseExposition(
        '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      ),
    ).toThrow();
    expect(() => parseExposition("# TYPE x gauge\nx 1")).toThrow();
  });
});
