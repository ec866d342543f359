import { categoryOfStatus, type ProviderErrorCategory } from "../provider-error";
import type { FailureReading } from "../provider-http";

/** Graph error code: the user has not granted the business permission to call them. */
export const GRAPH_NO_CALL_PERMISSION = 138006;

/** Graph codes for an invalid or expired token, or an app without the needed permission. */
const AUTH_CODES = new Set([190, 10, 200]);
/** Graph throttling codes (app, user, business and pair rate limits). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131056]);
/** Graph's "unknown" and "service temporarily unavailable" errors. */
const TRANSIENT_CODES = new Set([1, 2]);

interface GraphErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  fbtrace_id?: unknown;
  is_transient?: unknown;
}

function graphError(body: unknown): GraphErrorBody | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error = body.error;
  return typeof error === "object" && error !== null ? (error as GraphErrorBody) : undefined;
}

function categoryOf(
  status: number,
  code: number | undefined,
  transient: boolean,
): ProviderErrorCategory {
  if (code === GRAPH_NO_CALL_PERMISSION) return "no_permission";
  if (code !== undefined && AUTH_CODES.has(code)) return "auth";
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return "rate_limited";
  if (transient || (code !== undefined && TRANSIENT_CODES.has(code))) return "server";
  return categoryOfStatus(status);
}

/**
 * Reads a Graph API response as a failure (`{error: {message, type, code, error_subcode,
 * fbtrace_id}}` or a non-2xx status), or null for a success.
 */
export function readGraphFailure(status: number, body: unknown): FailureReading | null {
  const error = graphError(body);
  if (status >= 200 && status < 300 && !error) return null;
  const code = typeof error?.code === "number" ? error.code : undefined;
  const subcode = typeof error?.error_subcode === "number" ? error.error_subcode : undefined;
  const traceId = typeof error?.fbtrace_id === "string" ? error.fbtrace_id : undefined;
  const text = typeof error?.message === "string" ? error.message : `HTTP ${status}`;
  return {
    category: categoryOf(status, code, error?.is_transient === true),
    message: code === undefined ? text : `${text} (code ${code})`,
    ...(code !== undefined && { code }),
    ...(subcode !== undefined && { subcode }),
    ...(traceId !== undefined && { traceId }),
  };
}
