/**
 * Resolves after `ms`, or early when `signal` aborts. Even a zero wait yields to the event
 * loop, so a reply streamed "as fast as possible" still lets a cancel or barge-in in.
 */
export function abortableWait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener("abort", done, { once: true });
  });
}
