import { useId } from "preact/hooks";
import type { TurnLatencyBucket } from "../api/api-types.gen";
import { DataTable } from "./data-table";
import { formatMs, formatNumber } from "./format";

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 64, right: 16, top: 28, bottom: 32 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** A round top for the y axis at or above `max`: 1, 2 or 5 times a power of ten. */
function niceCeiling(max: number): number {
  if (max <= 0) return 1000;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((step) => step * power >= max) ?? 10) * power;
}

/** The line through the buckets that have turns; quiet hours in between are stepped over. */
function linePoints(points: Point[]): string {
  return points
    .flatMap((point) => (point ? [`${point[0].toFixed(1)},${point[1].toFixed(1)}`] : []))
    .join(" ");
}

type Point = [x: number, y: number] | null;

/** A dot on each bucket that has turns, so a lone hour shows too. */
function Dots(props: { points: Point[]; series: "p50" | "p95" }) {
  return (
    <g class={`chart-dot chart-${props.series}`}>
      {props.points.map((point, i) =>
        point ? <circle key={String(i)} cx={point[0]} cy={point[1]} r={3.5} /> : null,
      )}
    </g>
  );
}

/** `turn`: each bucket is one reply of one call, its wait as both figures; labelled 1, 2, 3… */
export type LatencyBucketKind = "hour" | "day" | "turn";

function bucketLabel(start: string, bucket: LatencyBucketKind, index: number): string {
  if (bucket === "turn") return String(index + 1);
  const at = new Date(start);
  return bucket === "hour"
    ? at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : at.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/**
 * Per-turn reply latency over time, p50 solid and p95 dashed (told apart without colour), with
 * the same figures as a table for screen readers and anyone who wants the numbers. With bucket
 * `turn`, one conversation's replies in order, one line.
 */
export function LatencyChart(props: {
  buckets: readonly TurnLatencyBucket[];
  bucket: LatencyBucketKind;
  summary: string;
}) {
  const perTurn = props.bucket === "turn";
  const id = useId();
  const { buckets } = props;
  const top = niceCeiling(Math.max(0, ...buckets.map((b) => b.p95Ms ?? 0)));
  const step = buckets.length > 1 ? PLOT_W / (buckets.length - 1) : 0;
  const x = (i: number) => PAD.left + (buckets.length > 1 ? i * step : PLOT_W / 2);
  const y = (ms: number) => PAD.top + PLOT_H - (ms / top) * PLOT_H;
  const series = (pick: (b: TurnLatencyBucket) => number | null) =>
    buckets.map((b, i): Point => {
      const ms = pick(b);
      return ms === null ? null : [x(i), y(ms)];
    });
  const p50 = series((b) => b.p50Ms);
  const p95 = series((b) => b.p95Ms);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 6));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        class="chart-svg"
      >
        <title id={`${id}-title`}>
          {perTurn ? "The caller's wait for each reply" : "Reply latency per turn, p50 and p95"}
        </title>
        <desc id={`${id}-desc`}>{props.summary}</desc>
        {ticks.map((ms) => (
          <g key={ms} class="chart-grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(ms)} y2={y(ms)} />
            <text x={PAD.left - 6} y={y(ms) + 4} text-anchor="end">
              {formatNumber(ms)}
            </text>
          </g>
        ))}
        <text class="chart-axis" x={PAD.left - 6} y={PAD.top - 14} text-anchor="end">
          ms
        </text>
        {buckets.map((b, i) =>
          i % labelEvery === 0 ? (
            <text key={b.start} class="chart-axis" x={x(i)} y={HEIGHT - 10} text-anchor="middle">
              {bucketLabel(b.start, props.bucket, i)}
            </text>
          ) : null,
        )}
        {!perTurn && <polyline class="chart-line chart-p95" points={linePoints(p95)} />}
        <polyline class="chart-line chart-p50" points={linePoints(p50)} />
        {!perTurn && <Dots points={p95} series="p95" />}
        <Dots points={p50} series="p50" />
      </svg>
      <figcaption class="chart-legend">
        {perTurn ? (
          <span class="legend-p50">Wait for the reply, by turn</span>
        ) : (
          <>
            <span class="legend-p50">p50 (median)</span>
            <span class="legend-p95">p95</span>
          </>
        )}
      </figcaption>
      <details>
        <summary>Show the figures as a table</summary>
        {perTurn ? (
          <DataTable
            caption="The caller's wait for each reply"
            rowKey={(b) => b.start}
            rows={buckets.map((b, i) => ({ ...b, start: String(i + 1) }))}
            empty="No replies to a caller in this conversation."
            columns={[
              { header: "Turn", cell: (b) => b.start, numeric: true },
              { header: "Wait", cell: (b) => formatMs(b.p50Ms), numeric: true },
            ]}
          />
        ) : (
          <DataTable
            caption="Reply latency by period"
            rowKey={(b) => b.start}
            rows={buckets.filter((b) => b.turns > 0)}
            empty="No turns in this range."
            columns={[
              { header: "From", cell: (b) => new Date(b.start).toLocaleString() },
              { header: "Turns", cell: (b) => formatNumber(b.turns), numeric: true },
              { header: "p50", cell: (b) => formatMs(b.p50Ms), numeric: true },
              { header: "p95", cell: (b) => formatMs(b.p95Ms), numeric: true },
            ]}
          />
        )}
      </details>
    </figure>
  );
}
