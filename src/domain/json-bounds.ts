import * as v from "valibot";

/** How large a free-form JSON value (a tool's parameter schema) may be. */
export interface JsonBounds {
  /** Objects and arrays nested inside the value, the value itself counting as 1. */
  maxDepth: number;
  /** Values of every kind, at every level, in all. */
  maxValues: number;
  /** Characters of one string or key. */
  maxStringLength: number;
}

/**
 * The first place where `value` exceeds `bounds`, as a message naming the sub-path, or null.
 * Walks with an explicit stack, so a deep value cannot exhaust the call stack.
 */
export function exceedsBounds(value: unknown, bounds: JsonBounds): string | null {
  const pending: Array<{ value: unknown; depth: number; path: string }> = [
    { value, depth: 1, path: "" },
  ];
  let seen = 0;
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    seen += 1;
    if (seen > bounds.maxValues) return `must hold at most ${bounds.maxValues} values in all`;
    const where = item.path ? `${shorten(item.path.slice(1))}: ` : "";
    if (typeof item.value === "string" && item.value.length > bounds.maxStringLength) {
      return `${where}must be at most ${bounds.maxStringLength} characters`;
    }
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth > bounds.maxDepth) return `${where}nests deeper than ${bounds.maxDepth} levels`;
    for (const [key, child] of Object.entries(item.value)) {
      if (key.length > bounds.maxStringLength) {
        return `${where}has a key longer than ${bounds.maxStringLength} characters`;
      }
      pending.push({ value: child, depth: item.depth + 1, path: `${item.path}.${key}` });
    }
  }
  return null;
}

/** A valibot check that refuses values beyond `bounds`, saying where. */
export function withinBounds<T>(bounds: JsonBounds) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = exceedsBounds(dataset.value, bounds);
    if (problem) addIssue({ message: problem });
  });
}

const shorten = (path: string) => (path.length > 120 ? `${path.slice(0, 120)}…` : path);
