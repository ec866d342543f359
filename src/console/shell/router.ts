import { useEffect, useState } from "preact/hooks";

/** Where the console's pages live: /console/<page>/<rest…>. */
export const CONSOLE_BASE = "/console";

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
let listening = false;

/** The URL of a console page, e.g. `pageHref("tenants", "new")` → `/console/tenants/new`. */
export function pageHref(...segments: string[]): string {
  return [CONSOLE_BASE, ...segments.map(encodeURIComponent)].join("/");
}

/** Goes to `href` (a /console/… URL) without reloading. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  notify();
}

/** The path's segments after /console/, e.g. `["tenants", "ten_…"]`; `[]` at / or /console. */
export function routeSegments(pathname: string): string[] {
  const rest = pathname.startsWith(`${CONSOLE_BASE}/`)
    ? pathname.slice(CONSOLE_BASE.length + 1)
    : "";
  return rest
    .split("/")
    .filter((part) => part !== "")
    .map((part) => decodeURIComponent(part));
}

/** The current path's segments after /console/, updated as the user moves around. */
export function useRoute(): string[] {
  const [pathname, setPathname] = useState(location.pathname);
  useEffect(() => {
    // Back and forward move between pages too.
    if (!listening) addEventListener("popstate", notify);
    listening = true;
    const update = () => setPathname(location.pathname);
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return routeSegments(pathname);
}

/** A click that should stay in the console: a plain left click, no modifier key. */
export function followInside(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}
