import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError, type DomainErrorCode } from "../domain/errors";
import type { AppEnv } from "./context";

const STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** The one error handler: every failure leaves as the same JSON shape. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof DomainError) {
    return c.json(errorBody(error.code, error.message, error.details), STATUS[error.code]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono raises these for malformed JSON bodies and similar edge failures.
    const code = error.status === 400 ? "invalid" : `http_${error.status}`;
    return c.json(
      errorBody(code, error.message || "bad request"),
      error.status as ContentfulStatusCode,
    );
  }
  const requestId = c.get("requestId");
  c.get("log")?.error("unhandled error", { requestId, error });
  return c.json(
    {
      error: {
        code: "internal",
        message: "internal error; quote the request id when reporting it",
        requestId,
      },
    },
    500,
  );
}
