import type { ComponentType } from "preact";

/** What the shell gives a page: the URL's segments after its own, e.g. `["ten_…"]`. */
export interface PageProps {
  rest: string[];
}

/**
 * One page of the console. A new page is a file exporting one of these, plus its line in
 * registry.ts; the shell gives it a URL (/console/<path>), a navigation link and a heading.
 */
export interface ConsolePage {
  /** Its URL segment: /console/<path>. */
  path: string;
  /** The navigation label, heading and window title. */
  title: string;
  /** `admin`: only the operator's key sees it. */
  audience: "everyone" | "admin";
  /** Acts on one tenant: a tenant key's own, or the one the admin picks in the header. */
  tenantScoped: boolean;
  component: ComponentType<PageProps>;
}
