/**
 * Counters, gauges and histograms rendered in the Prometheus text exposition format (0.0.4).
 *
 * Every label is declared with the closed list of values it may take; any other value is
 * counted as `other`. So a label can never carry a tenant id, a phone number or a secret, and
 * the number of series stays bounded whatever the callers pass.
 */

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Label name → the values it may take (`other` is always allowed). */
export type LabelSpec = Readonly<Record<string, readonly string[]>>;
export type LabelValues<S extends LabelSpec> = { readonly [K in keyof S]: string };

type MetricType = "counter" | "gauge" | "histogram";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const OTHER = "other";

/** A number as the format writes it: `+Inf`, `-Inf`, `NaN` or Go-parsable decimal. */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  if (Number.isNaN(value)) return "NaN";
  return String(value);
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text escapes backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

interface FamilyOptions<S extends LabelSpec> {
  name: string;
  help: string;
  labels?: S;
}

/** What every metric family shares: its name, HELP, TYPE, and its series by label values. */
abstract class Family<S extends LabelSpec, Series> {
  readonly name: string;
  readonly help: string;
  abstract readonly type: MetricType;
  private readonly labelNames: readonly string[];
  private readonly allowed: ReadonlyArray<ReadonlySet<string>>;
  /** Label text (`{a="x",b="y"}` or "") → series, in the order first used. */
  protected readonly series = new Map<string, Series>();

  constructor(options: FamilyOptions<S>) {
    if (!METRIC_NAME.test(options.name)) throw new Error(`bad metric name ${options.name}`);
    const spec: LabelSpec = options.labels ?? {};
    this.labelNames = Object.keys(spec);
    for (const label of this.labelNames)
      if (!LABEL_NAME.test(label) || label.startsWith("__") || label === "le")
        throw new Error(`bad label name ${label} on ${options.name}`);
    this.allowed = this.labelNames.map((label) => new Set([...(spec[label] ?? []), OTHER]));
    this.name = options.name;
    this.help = options.help;
  }

  /** The label text of these values, each outside its declared list replaced by `other`. */
  protected labelText(values: LabelValues<S> | undefined): string {
    if (this.labelNames.length === 0) return "";
    const parts = this.labelNames.map((label, i) => {
      const given = (values as Record<string, string> | undefined)?.[label] ?? OTHER;
      const value = this.allowed[i]?.has(given) ? given : OTHER;
      return `${label}="${escapeLabelValue(value)}"`;
    });
    return `{${parts.join(",")}}`;
  }

  protected seriesFor(values: LabelValues<S> | undefined, create: () => Series): Series {
    const key = this.labelText(values);
    let found = this.series.get(key);
    if (!found) {
      found = create();
      this.series.set(key, found);
    }
    return found;
  }

  protected header(): string {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
  }

  abstract render(): string | Promise<string>;
}

/** One counter or gauge series: hold it to update without a lookup. */
export class ValueSeries {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
  dec(by = 1): void {
    this.value -= by;
  }
  set(value: number): void {
    this.value = value;
  }
}

class ValueFamily<S extends LabelSpec> extends Family<S, ValueSeries> {
  constructor(
    readonly type: "counter" | "gauge",
    options: FamilyOptions<S>,
  ) {
    super(options);
  }

  /** The series of these label values (made on first use; keep it to skip the lookup). */
  labels(values: LabelValues<S>): ValueSeries {
    return this.seriesFor(values, () => new ValueSeries());
  }

  render(): string {
    let text = this.header();
    for (const [labels, series] of this.series)
      text += `${this.name}${labels} ${formatValue(series.value)}\n`;
    return text;
  }
}

export class Counter<S extends LabelSpec = LabelSpec> extends ValueFamily<S> {
  constructor(options: FamilyOptions<S>) {
    super("counter", options);
  }
}

export class Gauge<S extends LabelSpec = LabelSpec> extends ValueFamily<S> {
  constructor(options: FamilyOptions<S>) {
    super("gauge", options);
  }
}

/** One histogram series: observing is a short scan of the bounds, with no allocation. */
export class HistogramSeries {
  /** Per bucket (not cumulative); the last slot is above every bound (`+Inf`). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: Float64Array) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
  }

  /** Adds observations made elsewhere in the same buckets (another thread's, say). */
  add(counts: ArrayLike<number>, sum: number, count: number): void {
    if (counts.length !== this.counts.length) return;
    for (let i = 0; i < counts.length; i++)
      this.counts[i] = (this.counts[i] as number) + (counts[i] as number);
    this.sum += sum;
    this.count += count;
  }
}

export class Histogram<S extends LabelSpec = LabelSpec> extends Family<S, HistogramSeries> {
  readonly type = "histogram";
  private readonly bounds: Float64Array;
  private readonly boundText: readonly string[];

  constructor(options: FamilyOptions<S> & { buckets: readonly number[] }) {
    super(options);
    const sorted = [...options.buckets].filter(Number.isFinite).sort((a, b) => a - b);
    if (sorted.length === 0 || new Set(sorted).size !== sorted.length)
      throw new Error(`${options.name} needs distinct finite buckets`);
    this.bounds = Float64Array.from(sorted);
    this.boundText = [...sorted.map(formatValue), "+Inf"];
  }

  labels(values: LabelValues<S>): HistogramSeries {
    return this.seriesFor(values, () => new HistogramSeries(this.bounds));
  }

  render(): string {
    let text = this.header();
    for (const [labels, series] of this.series) {
      // `le` goes last, inside the series' own labels.
      const open = labels === "" ? "{" : `${labels.slice(0, -1)},`;
      let cumulative = 0;
      series.counts.forEach((count, i) => {
        cumulative += count;
        text += `${this.name}_bucket${open}le="${this.boundText[i]}"} ${formatValue(cumulative)}\n`;
      });
      text += `${this.name}_sum${labels} ${formatValue(series.sum)}\n`;
      text += `${this.name}_count${labels} ${formatValue(series.count)}\n`;
    }
    return text;
  }
}

export type Reading<S extends LabelSpec> = readonly [labels: LabelValues<S>, value: number];

/**
 * A counter or gauge read when scraped (live calls, outbox depth…), so nothing is kept in step
 * on the hot path. A reading that fails leaves the family's series out of that scrape.
 */
export class Collected<S extends LabelSpec = LabelSpec> extends Family<S, never> {
  constructor(
    readonly type: "counter" | "gauge",
    options: FamilyOptions<S>,
    private readonly read: () => Iterable<Reading<S>> | Promise<Iterable<Reading<S>>>,
  ) {
    super(options);
  }

  async render(): Promise<string> {
    let text = this.header();
    let readings: Iterable<Reading<S>>;
    try {
      readings = await this.read();
    } catch {
      return text;
    }
    const totals = new Map<string, number>();
    for (const [labels, value] of readings) {
      const key = this.labelText(labels);
      totals.set(key, (totals.get(key) ?? 0) + value);
    }
    for (const [labels, value] of totals) text += `${this.name}${labels} ${formatValue(value)}\n`;
    return text;
  }
}

type AnyFamily = Family<LabelSpec, unknown>;

/** The metrics of one process, rendered together for a scrape. */
export class MetricRegistry {
  private readonly families: AnyFamily[] = [];

  register<F extends { name: string; render(): string | Promise<string> }>(family: F): F {
    if (this.families.some((f) => f.name === family.name))
      throw new Error(`metric ${family.name} registered twice`);
    this.families.push(family as unknown as AnyFamily);
    return family;
  }

  async render(): Promise<string> {
    const parts = await Promise.all(this.families.map((family) => family.render()));
    return parts.join("");
  }
}
