import type { Logger } from "../log/logger";
import { EgressRefused } from "../net/egress-guard";
import type { Fetch } from "../net/guarded-fetch";
import { ProviderError, type ProviderErrorCategory, type ProviderName } from "./provider-error";

export interface RetryPolicy {
  /** Requests in all, the first included; 1 means no retry. */
  attempts: number;
  /** Wait before the first retry; each later wait doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ProviderHttpSettings {
  /** Per request, covering the response body too. */
  timeoutMs: number;
  retry: RetryPolicy;
}

export const DEFAULT_PROVIDER_HTTP: ProviderHttpSettings = {
  timeoutMs: 5000,
  retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000 },
};

/** How a provider's error body reads: filled in by each provider's own mapping. */
export interface FailureReading {
  category: ProviderErrorCategory;
  message: string;
  code?: number | string;
  subcode?: number;
  traceId?: string;
}

export interface ProviderRequest {
  /** Names the action in errors and logs (`accept`, `connect`...). */
  action: string;
  method: "GET" | "POST";
  url: string;
  token: string;
  body?: unknown;
  /**
   * Safe to send twice: the action names its target (a call id) and repeating it changes nothing
   * more. Only such requests are retried, and only after server, network or timeout failures.
   */
  idempotent: boolean;
  signal?: AbortSignal;
}

/** Categories worth an immediate retry; a rate limit needs a longer wait than a call has. */
const RETRY_NOW: ReadonlySet<ProviderErrorCategory> = new Set(["server", "network", "timeout"]);

/**
 * One provider's JSON-over-HTTPS transport: bearer auth, a timeout per request, a small bounded
 * retry for idempotent requests, and failures turned into ProviderError. It never logs URLs or
 * bodies (they hold phone numbers and SDP), only the action and the outcome.
 */
export class ProviderHttp {
  constructor(
    private readonly provider: ProviderName,
    private readonly settings: ProviderHttpSettings,
    /** Reads a response as a failure, or null when it is a success. */
    private readonly readFailure: (status: number, body: unknown) => FailureReading | null,
    /** The guarded fetch for a URL a tenant supplied; plain fetch for the operator's own. */
    private readonly fetch: Fetch,
    private readonly logger?: Logger,
  ) {}

  /** Sends the request; `read` picks the result out of a success body, or undefined if unfit. */
  async send<T>(request: ProviderRequest, read: (body: unknown) => T | undefined): Promise<T> {
    const maxAttempts = request.idempotent ? Math.max(1, this.settings.retry.attempts) : 1;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(request);
      if (outcome.ok) {
        const result = read(outcome.body);
        if (result !== undefined) return result;
        throw this.error(request, attempt, outcome.status, {
          category: "bad_response",
          message: "the response is not shaped as documented",
        });
      }
      const failure = outcome.failure;
      const again = attempt < maxAttempts && RETRY_NOW.has(failure.category);
      this.logger?.[again ? "warn" : "debug"]("provider request failed", {
        provider: this.provider,
        action: request.action,
        attempt,
        category: failure.category,
        status: outcome.status,
        willRetry: again,
      });
      if (!again) throw this.error(request, attempt, outcome.status, failure);
      await this.pause(attempt, request.signal);
    }
  }

  private async once(
    request: ProviderRequest,
  ): Promise<
    | { ok: true; status: number; body: unknown }
    | { ok: false; status: number; failure: FailureReading }
  > {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await this.fetch(request.url, {
        method: request.method,
        headers: {
          authorization: `Bearer ${request.token}`,
          accept: "application/json",
          ...(request.body !== undefined && { "content-type": "application/json" }),
        },
        ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
        signal,
      });
      const body = parseBody(await response.text());
      const failure = this.readFailure(response.status, body);
      return failure
        ? { ok: false, status: response.status, failure }
        : { ok: true, status: response.status, body };
    } catch (error) {
      if (request.signal?.aborted) {
        return { ok: false, status: 0, failure: { category: "aborted", message: "cancelled" } };
      }
      if (error instanceof EgressRefused) {
        return {
          ok: false,
          status: 0,
          failure: { category: "egress_refused", message: error.message },
        };
      }
      if (timeout.aborted) {
        const message = `no answer within ${this.settings.timeoutMs} ms`;
        return { ok: false, status: 0, failure: { category: "timeout", message } };
      }
      const message = error instanceof Error ? error.message : "connection failed";
      return { ok: false, status: 0, failure: { category: "network", message } };
    }
  }

  private error(
    request: ProviderRequest,
    attempts: number,
    status: number,
    failure: FailureReading,
  ): ProviderError {
    return new ProviderError(
      {
        provider: this.provider,
        action: request.action,
        category: failure.category,
        status,
        attempts,
        ...(failure.code !== undefined && { code: failure.code }),
        ...(failure.subcode !== undefined && { subcode: failure.subcode }),
        ...(failure.traceId !== undefined && { traceId: failure.traceId }),
      },
      `${this.provider} ${request.action} failed: ${failure.message}`,
    );
  }

  /** Doubling waits with jitter (so many calls do not retry in step); a cancel cuts it short. */
  private pause(attempt: number, signal: AbortSignal | undefined): Promise<void> {
    const { baseDelayMs, maxDelayMs } = this.settings.retry;
    const ms = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}

/** JSON when it is JSON; the text itself otherwise; null for an empty body. */
function parseBody(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Fills missing settings from the defaults. */
export function providerHttpSettings(partial?: {
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}): ProviderHttpSettings {
  return {
    timeoutMs: partial?.timeoutMs ?? DEFAULT_PROVIDER_HTTP.timeoutMs,
    retry: { ...DEFAULT_PROVIDER_HTTP.retry, ...partial?.retry },
  };
}
