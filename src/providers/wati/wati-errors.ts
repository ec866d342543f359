import { categoryOfStatus } from "../provider-error";
import type { FailureReading } from "../provider-http";

/** The first readable message in a Wati error body (its shape varies between endpoints). */
function messageOf(body: unknown, status: number): string {
  if (typeof body === "object" && body !== null) {
    for (const key of ["message", "info", "error", "title"]) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === "string" && value !== "") return value.slice(0, 300);
    }
  }
  return `HTTP ${status}`;
}

/**
 * Reads a Wati response as a failure, or null for a success. Wati also reports some refusals
 * as 200 with `{"result": false, "info": "..."}`; those are failures too.
 */
export function readWatiFailure(status: number, body: unknown): FailureReading | null {
  const refused =
    typeof body === "object" && body !== null && "result" in body && body.result === false;
  if (status >= 200 && status < 300 && !refused) return null;
  return {
    category: refused && status < 300 ? "invalid_request" : categoryOfStatus(status),
    message: messageOf(body, status),
  };
}
