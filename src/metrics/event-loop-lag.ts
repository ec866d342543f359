import type { HistogramSeries } from "./exposition";

/** Seconds: how late a timer fires; 10 ms is one audio frame. */
export const EVENT_LOOP_LAG_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * Samples event-loop lag: a timer due every `intervalMs` notes how late it fired, which is how
 * long any event (a caller's frame, a model message) waits before its handler runs. The same
 * measure as the call benchmark's probe. One timer object is re-armed, so sampling allocates
 * nothing. Returns a function that stops it.
 *
 * Bun also has `perf_hooks.monitorEventLoopDelay`, but it gives percentiles only, which cannot
 * become Prometheus buckets without resetting it at each scrape (and two scrapers would then
 * each see half of the samples).
 */
export function sampleEventLoopLag(
  series: Pick<HistogramSeries, "observe">,
  intervalMs = 10,
  now: () => number = () => performance.now(),
): () => void {
  let due = now() + intervalMs;
  const timer = setTimeout(function sample() {
    const at = now();
    series.observe(Math.max(0, at - due) / 1000);
    due = at + intervalMs;
    timer.refresh();
  }, intervalMs);
  timer.unref();
  return () => clearTimeout(timer);
}
