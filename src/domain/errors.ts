/** Failures the domain and stores report; the HTTP edge maps each code to one status. */
export type DomainErrorCode =
  | "not_found"
  | "conflict"
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  /** The tenant's plan allows no more of this (its monthly call minutes). */
  | "quota_exceeded"
  | "payload_too_large"
  | "unsupported_media_type"
  /** The machine is shutting down: it takes no new calls (another machine will). */
  | "draining"
  /** The machine carries MAX_CALLS_PER_MACHINE calls: it takes no more (another machine may). */
  | "at_capacity";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);
export const conflict = (message: string, details?: unknown) =>
  new DomainError("conflict", message, details);
export const invalid = (message: string, details?: unknown) =>
  new DomainError("invalid", message, details);
