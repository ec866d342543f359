// What differs between two agent configs (a published version and the draft), field by field,
// and line by line inside long texts such as the instructions.

export interface Change {
  /** Dotted, as the API names fields: "voice.speed", "tools.1.url". */
  path: string;
  /** undefined: the field is not set on that side. */
  before: unknown;
  after: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const holdsObjects = (list: unknown[]) =>
  list.some((item) => item !== null && typeof item === "object");

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Every field set differently in `before` and `after`, in the order the draft lists them. */
export function configChanges(before: unknown, after: unknown, path = ""): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    return keys.flatMap((key) => configChanges(before[key], after[key], join(path, key)));
  }
  // Lists of objects (tools) compare item by item; lists of words (rules) as a whole.
  if (Array.isArray(before) && Array.isArray(after) && holdsObjects([...before, ...after])) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) =>
      configChanges(before[i], after[i], join(path, i)),
    ).flat();
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

export interface DiffLine {
  kind: "same" | "added" | "removed";
  text: string;
}

/** The lines of `after` against `before`: kept, added and removed, by longest common subsequence. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // common[i][j]: the longest common run of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = common[i] as number[];
      row[j] =
        a[i] === b[j]
          ? ((common[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((common[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: "same", text: a[i] as string });
      i++;
      j++;
    } else if (
      ((common[i + 1] as number[])[j] as number) >= ((common[i] as number[])[j + 1] as number)
    ) {
      lines.push({ kind: "removed", text: a[i++] as string });
    } else {
      lines.push({ kind: "added", text: b[j++] as string });
    }
  }
  while (i < a.length) lines.push({ kind: "removed", text: a[i++] as string });
  while (j < b.length) lines.push({ kind: "added", text: b[j++] as string });
  return lines;
}
