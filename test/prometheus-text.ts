// A strict reader of the Prometheus text exposition format (0.0.4) for tests: it throws on any
// line the format does not allow, on samples outside their TYPE's family, and on histograms
// whose buckets are not cumulative, not ascending, or do not end with +Inf equal to _count.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME}) ?(.*)$`);
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`bad value in: ${line}`);
  return Number(text);
}

/** `a="x",b="y\"z"` → {a: "x", b: 'y"z'}, unescaping \\, \" and \n. */
function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (!name || text[i + name.length] !== "=" || text[i + name.length + 1] !== '"')
      throw new Error(`bad label in: ${line}`);
    i += name.length + 2;
    let value = "";
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch === "\n") throw new Error(`unterminated label value in: ${line}`);
      if (ch === '"') break;
      if (ch === "\\") {
        const next = text[i + 1];
        if (next === "\\" || next === '"') value += next;
        else if (next === "n") value += "\n";
        else throw new Error(`bad escape in: ${line}`);
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    i++;
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    if (text[i] === ",") i++;
    else if (i !== text.length) throw new Error(`bad label separator in: ${line}`);
  }
  return labels;
}

function familyOf(sampleName: string, current: MetricFamily | undefined): boolean {
  if (!current) return false;
  if (sampleName === current.name) return current.type !== "histogram";
  if (current.type !== "histogram" && current.type !== "summary") return false;
  const suffixes =
    current.type === "histogram" ? ["_bucket", "_sum", "_count"] : ["_sum", "_count"];
  return suffixes.some((suffix) => sampleName === current.name + suffix);
}

function checkHistogram(family: MetricFamily): void {
  const series = new Map<string, Sample[]>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== "le")
        .sort(),
    );
  for (const sample of family.samples) {
    const key = keyOf(sample.labels);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith("_bucket"));
    const count = samples.find((s) => s.name === `${family.name}_count`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    if (!count || !sum) throw new Error(`${family.name}${key} lacks _sum or _count`);
    let previousLe = Number.NEGATIVE_INFINITY;
    let previousCount = 0;
    for (const bucket of buckets) {
      const le = bucket.labels.le;
      if (le === undefined) throw new Error(`${family.name} bucket without le`);
      const bound = parseValue(le, le);
      if (!(bound > previousLe)) throw new Error(`${family.name}${key} le not ascending`);
      if (bucket.value < previousCount) throw new Error(`${family.name}${key} not cumulative`);
      previousLe = bound;
      previousCount = bucket.value;
    }
    if (buckets.at(-1)?.labels.le !== "+Inf") throw new Error(`${family.name}${key} lacks +Inf`);
    if (previousCount !== count.value) throw new Error(`${family.name}${key}: +Inf ≠ _count`);
  }
}

/** Every family by name; throws on the first thing the format does not allow. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  let current: MetricFamily | undefined;
  if (text !== "" && !text.endsWith("\n")) throw new Error("the text must end with a line feed");
  for (const line of text.split("\n").slice(0, -1)) {
    if (line === "") continue;
    const comment = COMMENT.exec(line);
    if (comment) {
      const [, kind, name = "", rest = ""] = comment;
      let family = families.get(name);
      if (!family) {
        family = { name, type: "untyped", help: "", samples: [] };
        families.set(name, family);
      } else if (family !== current) throw new Error(`${name} declared in two places`);
      else if (family.samples.length > 0) throw new Error(`${kind} of ${name} after samples`);
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        family.type = rest;
      } else family.help = rest.replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
      current = family;
      continue;
    }
    if (line.startsWith("#")) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const [, name = "", labelText = "", valueText = ""] = sample;
    if (!familyOf(name, current)) throw new Error(`sample ${name} outside its family`);
    current?.samples.push({
      name,
      labels: parseLabels(labelText, line),
      value: parseValue(valueText, line),
    });
  }
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`, or undefined. */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values())
    for (const sample of family.samples)
      if (
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value)
      )
        return sample.value;
  return undefined;
}
