/** What a `Range` header asks of a resource of `size` bytes (RFC 9110 section 14). */
export type RangeRequest =
  | { kind: "whole" }
  | { kind: "part"; start: number; end: number } // end exclusive
  | { kind: "unsatisfiable" };

/**
 * Reads a single `bytes=` range: `a-b`, `a-` or the suffix `-n`. A header this does not
 * understand (another unit, several ranges, bad syntax) is ignored and the whole resource
 * served, as the RFC allows; a range that starts past the end is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: "whole" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: "whole" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(first);
  const end = last === "" ? size : Math.min(size, Number(last) + 1);
  if (start >= size) return { kind: "unsatisfiable" };
  if (end <= start) return { kind: "whole" }; // last before first: syntactically invalid
  return { kind: "part", start, end };
}
