import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError, type DomainErrorCode } from "../domain/errors";
import { ProviderError } from "../providers/provider-error";
import type { AppEnv } from "./context";

const STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  quota_exceeded: 402,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  draining: 503,
  at_capacity: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/** The one error shape; `requestId` lets a caller's report be found in the logs. */
export function errorBody(
  code: string,
  message: string,
  details?: unknown,
  requestId?: string,
): ErrorBody {
  return {
    error: {
      code,
      message,
      ...(details === undefined ? {} : { details }),
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
}

/** A JSON error response carrying the request's id. */
export function errorResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
): Response {
  return c.json(errorBody(code, message, details, c.get("requestId")), status);
}

/** The one error handler: every failure leaves as the same JSON shape. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof DomainError) {
    return errorResponse(c, STATUS[error.code], error.code, error.message, error.details);
  }
  if (error instanceof ProviderError) return providerFailure(error, c);
  if (error instanceof HTTPException && error.status < 500) {
    // Hono raises these for malformed JSON bodies and similar edge failures.
    const malformed = error.status === 400 && /json/i.test(error.message);
    return errorResponse(
      c,
      error.status as ContentfulStatusCode,
      error.status === 400 ? "invalid" : `http_${error.status}`,
      malformed ? "body: is not valid JSON" : error.message || "bad request",
    );
  }
  c.get("log")?.error("unhandled error", { requestId: c.get("requestId"), error });
  return errorResponse(
    c,
    500,
    "internal",
    "internal error; quote the request id when reporting it",
  );
}

/**
 * A provider (WhatsApp Cloud, Wati) failed: its fault, not ours and not the caller's, so a 5xx
 * that says which provider and how; never its message text, which may quote what we sent.
 */
function providerFailure(error: ProviderError, c: Context<AppEnv>): Response {
  const [status, code, advice]: [ContentfulStatusCode, string, string] =
    error.category === "timeout"
      ? [504, "provider_timeout", "did not answer in time"]
      : error.category === "rate_limited" || error.status === 503
        ? [503, "provider_unavailable", "is refusing requests for now; try again later"]
        : [502, "provider_error", `failed (${error.category.replace("_", " ")})`];
  c.get("log")?.warn("provider failed", {
    provider: error.provider,
    action: error.action,
    category: error.category,
    status: error.status,
  });
  return errorResponse(c, status, code, `the ${error.provider} provider ${advice}`, {
    provider: error.provider,
    action: error.action,
    category: error.category,
    providerStatus: error.status,
    ...(error.code === undefined ? {} : { providerCode: error.code }),
    ...(error.subcode === undefined ? {} : { providerSubcode: error.subcode }),
    ...(error.traceId === undefined ? {} : { traceId: error.traceId }),
    attempts: error.attempts,
  });
}
