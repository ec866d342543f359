import type { ComponentChildren } from "preact";

/** Long text kept as written, in a box that scrolls; the keyboard can reach it to scroll it. */
export function ScrollingText(props: {
  label: string;
  class: string;
  children: ComponentChildren;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section class={`scrolling-text ${props.class}`} tabIndex={0} aria-label={props.label}>
      <pre>{props.children}</pre>
    </section>
  );
}
