import type { Histogram } from "./exposition";
import type { SESSION_STORE_BACKENDS, SESSION_STORE_OPERATIONS } from "./label-values";

export type SessionStoreBackend = (typeof SESSION_STORE_BACKENDS)[number];
export type SessionStoreOperation = (typeof SESSION_STORE_OPERATIONS)[number];
export type SessionStoreHistogram = Histogram<{
  backend: typeof SESSION_STORE_BACKENDS;
  operation: typeof SESSION_STORE_OPERATIONS;
}>;

/** Runs one store operation, observing how long it took (seconds) into `histogram`, failed ones too. */
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
