import type { ComponentChildren } from "preact";
import { followInside } from "./router";

/** A link to a console page: a real `<a href>` (open in a new tab works), followed without reload. */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean;
  onNavigate?: () => void;
}) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? "page" : undefined}
      onClick={(event) => {
        followInside(event, props.href);
        props.onNavigate?.();
      }}
    >
      {props.children}
    </a>
  );
}
