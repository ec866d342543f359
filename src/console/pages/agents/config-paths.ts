// Reading and writing one field of an agent config by its dotted path ("voice.speed",
// "tools.2.url"), the way the API names fields in its messages.

type Json = unknown;

const isIndex = (part: string) => /^\d+$/.test(part);

/** The value at `path` in `root`; undefined when any step is missing. */
export function getAt(root: Json, path: string): Json {
  let value: Json = root;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, Json>)[part];
  }
  return value;
}

/**
 * A copy of `root` with `path` set to `value` (undefined removes the field), copying only the
 * objects and lists on the way; missing steps are made as objects, or lists for numeric steps.
 */
export function setAt<T>(root: T, path: string, value: Json): T {
  const [head = "", ...rest] = path.split(".");
  const container: Json = root ?? (isIndex(head) ? [] : {});
  const copy = (Array.isArray(container) ? [...container] : { ...(container as object) }) as Record<
    string,
    Json
  >;
  const next = rest.length === 0 ? value : setAt(copy[head], rest.join("."), value);
  if (next === undefined && !Array.isArray(copy)) delete copy[head];
  else copy[head] = next;
  return copy as T;
}

/** Whether two JSON values are the same, ignoring the order of object keys. */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((k) => (a as Record<string, Json>)[k] !== undefined);
  const bKeys = Object.keys(b).filter((k) => (b as Record<string, Json>)[k] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) =>
    sameJson((a as Record<string, Json>)[key], (b as Record<string, Json>)[key]),
  );
}
