import type { Histogram } from "./exposition";
import type { SESSION_STORE_BACKENDS, SESSION_STORE_OPERATIONS } from "./label-values";

export type SessionStoreBackend = (typeof SESSION_STORE_BACKENDS)[number];
export type SessionStoreOperation = (typeof SESSION_STORE_OPERATIONS)[number];
export type SessionStoreHistogram = Histogram<{
  backend: typeof SESSION_STORE_BACKENDS;
  operation: typeof SESSION_STORE_OPERATIONS;
}>;

/**
 * The hook a session store implements to have its operations timed: startup hands it
 * `GatewayMetrics.sessionStoreLatency`, and the store times each operation into it (with
 * `timeOperation`). A failed operation is timed too.
 */
export interface ReportsSessionStoreLatency {
  reportLatencyTo(histogram: SessionStoreHistogram): void;
}

/** Runs one store operation, observing how long it took (seconds) into `histogram`. */
export async function timeOperation<T>(
  histogram: SessionStoreHistogram | null,
  backend: SessionStoreBackend,
  operation: SessionStoreOperation,
  run: () => Promise<T>,
): Promise<T> {
  if (!histogram) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    histogram.labels({ backend, operation }).observe((performance.now() - started) / 1000);
  }
}
