import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";

export type Loading<T> =
  | { state: "loading"; reload: () => void }
  | { state: "failed"; error: ApiError; reload: () => void }
  | { state: "ready"; data: T; reload: () => void; refreshing: boolean };

/**
 * Runs `load` now and whenever `deps` change (or `reload()` is called); the latest answer wins.
 * With `everyMs`, loads again on that interval, keeping the shown data while it does.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  everyMs?: number,
): Loading<T> {
  const [result, setResult] = useState<
    { state: "loading" } | { state: "failed"; error: ApiError } | { state: "ready"; data: T }
  >({ state: "loading" });
  const [refreshing, setRefreshing] = useState(false);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    setRefreshing(true);
    load()
      .then(
        (data) => current && setResult({ state: "ready", data }),
        (error: unknown) => current && setResult({ state: "failed", error: asApiError(error) }),
      )
      .finally(() => current && setRefreshing(false));
    return () => {
      current = false;
    };
  }, [...deps, round]);
  // A new set of deps shows the loading state again, not the previous tenant's figures.
  useEffect(() => setResult({ state: "loading" }), deps);
  useEffect(() => {
    if (!everyMs) return;
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [everyMs, reload]);
  return result.state === "ready" ? { ...result, reload, refreshing } : { ...result, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, "client_error", error instanceof Error ? error.message : String(error));
}

/** An API failure in words, with the request id to quote. */
export function ErrorNotice(props: { error: ApiError; onRetry?: () => void; title?: string }) {
  const { error } = props;
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{props.title ?? "That did not work."}</strong> {error.message}
      </p>
      {error.requestId && <p class="muted">Request id: {error.requestId}</p>}
      {props.onRetry && (
        <button type="button" class="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows a load's loading and failure states, or its data through `children`. */
export function Loaded<T>(props: {
  result: Loading<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  const { result } = props;
  if (result.state === "loading") {
    return (
      <p class="loading" role="status">
        Loading {props.what}…
      </p>
    );
  }
  if (result.state === "failed") {
    return (
      <ErrorNotice
        error={result.error}
        onRetry={result.reload}
        title={`Could not load ${props.what}.`}
      />
    );
  }
  return <>{props.children(result.data)}</>;
}
