import { agentsPage } from "./agents";
import { apiKeysPage } from "./api-keys";
import { conversationsPage } from "./conversations";
import { credentialsPage } from "./credentials";
import { knowledgePage } from "./knowledge";
import { linesPage } from "./lines";
import { overviewPage } from "./overview";
import type { ConsolePage } from "./page";
import { tenantsPage } from "./tenants";
import { toolsPage } from "./tools";

/**
 * The console's pages, in navigation order. To add one: write `pages/<name>.tsx` exporting a
 * `ConsolePage` (see page.ts), and add it here.
 */
export const PAGES: readonly ConsolePage[] = [
  overviewPage,
  tenantsPage,
  apiKeysPage,
  agentsPage,
  conversationsPage,
  linesPage,
  credentialsPage,
  knowledgePage,
  toolsPage,
];

/** Where the console opens: the first page. */
export const HOME_PAGE = PAGES[0] as ConsolePage;
