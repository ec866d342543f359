import type { ComponentChildren } from "preact";

/** One figure with its label, and a line saying what it is out of or since when. */
export function Stat(props: { label: string; value: ComponentChildren; note?: ComponentChildren }) {
  return (
    <div class="stat">
      <p class="stat-label">{props.label}</p>
      <p class="stat-value">{props.value}</p>
      {props.note && <p class="stat-note">{props.note}</p>}
    </div>
  );
}
