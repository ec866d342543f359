import { useId } from "preact/hooks";

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The value as the table writes it, e.g. "12 min". */
  shown: string;
}

/** A round top for the axis at or above `max`: 1, 2 or 5 times a power of ten. */
function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((step) => step * power >= max) ?? 10) * power;
}

const tickText = (value: number) =>
  value.toLocaleString(undefined, { maximumFractionDigits: value < 10 ? 2 : 0 });

/** One bar per day, left to right, over a value axis. */
function DayBars(props: { bars: readonly Bar[] }) {
  const width = 640;
  const height = 240;
  const pad = { left: 56, right: 12, top: 16, bottom: 32 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const top = niceCeiling(Math.max(0, ...props.bars.map((b) => b.value)));
  const slot = plotW / Math.max(1, props.bars.length);
  const y = (value: number) => pad.top + plotH - (value / top) * plotH;
  const labelEvery = Math.max(1, Math.ceil(props.bars.length / 8));
  return (
    <>
      {[0, 0.5, 1].map((f) => (
        <g key={f} class="chart-grid">
          <line x1={pad.left} x2={width - pad.right} y1={y(f * top)} y2={y(f * top)} />
          <text x={pad.left - 6} y={y(f * top) + 4} text-anchor="end">
            {tickText(f * top)}
          </text>
        </g>
      ))}
      {props.bars.map((bar, i) => (
        <g key={bar.key}>
          <rect
            class="usage-bar"
            x={pad.left + i * slot + slot * 0.15}
            width={slot * 0.7}
            y={y(bar.value)}
            height={Math.max(0, pad.top + plotH - y(bar.value))}
          >
            <title>{`${bar.label}: ${bar.shown}`}</title>
          </rect>
          {i % labelEvery === 0 && (
            <text
              class="chart-axis"
              x={pad.left + (i + 0.5) * slot}
              y={height - 10}
              text-anchor="middle"
            >
              {bar.label}
            </text>
          )}
        </g>
      ))}
    </>
  );
}

const ROW_H = 34;
const BARS_WIDTH = 480;
const LABEL_W = 150;

/** One bar per agent or channel, top to bottom, each with its name and value. */
function KeyBars(props: { bars: readonly Bar[] }) {
  const plotW = BARS_WIDTH - LABEL_W - 80;
  const top = Math.max(0, ...props.bars.map((b) => b.value)) || 1;
  return (
    <>
      {props.bars.map((bar, i) => {
        const w = (bar.value / top) * plotW;
        const name = bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label;
        return (
          <g key={bar.key}>
            <text class="chart-axis" x={LABEL_W - 8} y={i * ROW_H + 22} text-anchor="end">
              {name}
            </text>
            <rect class="usage-bar" x={LABEL_W} y={i * ROW_H + 6} width={w} height={ROW_H - 12} />
            <text class="chart-axis" x={LABEL_W + w + 6} y={i * ROW_H + 22}>
              {bar.shown}
            </text>
          </g>
        );
      })}
    </>
  );
}

/**
 * Usage as bars: by day over time, or by agent or channel as ranked rows. The table beside it
 * has every figure, for screen readers and anyone who wants the numbers.
 */
export function UsageChart(props: {
  bars: readonly Bar[];
  byDay: boolean;
  title: string;
  summary: string;
}) {
  const id = useId();
  const viewBox = props.byDay
    ? "0 0 640 240"
    : `0 0 ${BARS_WIDTH} ${Math.max(1, props.bars.length) * ROW_H}`;
  return (
    <figure class="chart">
      <svg
        viewBox={viewBox}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        class={props.byDay ? "chart-svg" : "chart-svg usage-bars"}
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.summary}</desc>
        {props.byDay ? <DayBars bars={props.bars} /> : <KeyBars bars={props.bars} />}
      </svg>
    </figure>
  );
}
