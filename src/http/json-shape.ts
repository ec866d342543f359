/**
 * Bounds on the shape of a JSON body, checked on the raw text in one pass before anything parses
 * it. A body nested 100,000 deep is small enough to pass a size limit, yet every recursive step
 * after parsing (validation, serialising, storing) would pay for that depth; here it costs one
 * scan that stops at the first level past the limit.
 */
export interface JsonShapeLimits {
  /** Containers (objects and arrays) nested inside one another, the outermost counting as 1. */
  maxDepth: number;
  /** Elements of one array, or members of one object. */
  maxItems: number;
  /** Characters of one string (key or value), counted as sent, escapes included. */
  maxStringLength: number;
}

export const DEFAULT_JSON_SHAPE: JsonShapeLimits = {
  maxDepth: 32,
  maxItems: 10_000,
  maxStringLength: 100_000,
};

export interface JsonShapeProblem {
  /** Where the problem is: object keys and array indexes from the top of the body. */
  path: Array<string | number>;
  message: string;
}

interface Frame {
  isArray: boolean;
  /** Commas seen so far: the index of the element being read. */
  commas: number;
  /** In an object: the key of the member being read, once it has been read. */
  key: string | undefined;
  expectingKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
/** Keys named in an error are cut to this length. */
const KEY_SHOWN = 64;

/**
 * The first place where `text` breaks the limits, or null. It does not check the JSON grammar
 * (JSON.parse does, once the shape is known to be safe); on malformed text it may stop early.
 */
export function checkJsonShape(
  text: string,
  limits: JsonShapeLimits = DEFAULT_JSON_SHAPE,
): JsonShapeProblem | null {
  const stack: Frame[] = [];
  const pathOf = (frames: readonly Frame[]) =>
    frames.flatMap((f): Array<string | number> => {
      if (f.isArray) return [f.commas];
      return f.key === undefined ? [] : [f.key];
    });
  const length = text.length;
  let i = 0;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = closingQuote(text, i + 1);
      if (end < 0) return null;
      const top = stack[stack.length - 1];
      const isKey = top !== undefined && !top.isArray && top.expectingKey;
      if (end - i - 1 > limits.maxStringLength) {
        return {
          path: isKey ? pathOf(stack.slice(0, -1)) : pathOf(stack),
          message: isKey
            ? `has a key longer than ${limits.maxStringLength} characters`
            : `must be at most ${limits.maxStringLength} characters`,
        };
      }
      if (isKey) {
        top.key = decodeKey(text.slice(i + 1, end));
        top.expectingKey = false;
      }
      i = end + 1;
      continue;
    }
    if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      if (stack.length >= limits.maxDepth) {
        return {
          path: pathOf(stack),
          message: `nests deeper than ${limits.maxDepth} levels`,
        };
      }
      stack.push({ isArray: ch === OPEN_ARRAY, commas: 0, key: undefined, expectingKey: true });
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      stack.pop();
    } else if (ch === COMMA) {
      const top = stack[stack.length - 1];
      if (top) {
        top.commas += 1;
        if (top.commas >= limits.maxItems) {
          return {
            path: pathOf(stack.slice(0, -1)),
            message: top.isArray
              ? `must have at most ${limits.maxItems} items`
              : `must have at most ${limits.maxItems} fields`,
          };
        }
        top.expectingKey = true;
        top.key = undefined;
      }
    }
    i += 1;
  }
  return null;
}

/** Index of the quote closing a string whose text starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

function decodeKey(raw: string): string {
  let key = raw;
  if (raw.includes("\\") && raw.length <= KEY_SHOWN * 6) {
    try {
      key = JSON.parse(`"${raw}"`);
    } catch {
      // Malformed escapes: JSON.parse will refuse the body; the raw key names it well enough.
    }
  }
  return key.length > KEY_SHOWN ? `${key.slice(0, KEY_SHOWN)}…` : key;
}

/** `body.config.tools.0.parameters…`, shortened when long so the message stays readable. */
export function describePath(root: string, path: ReadonlyArray<string | number>): string {
  const shown = path.slice(0, 12).map(String);
  return [root, ...shown].join(".") + (path.length > shown.length ? "…" : "");
}
