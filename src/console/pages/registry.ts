import { agentsPage } from "./agents";
import { apiKeysPage } from "./api-keys";
import { conversationsPage } from "./conversations";
import { credentialsPage } from "./credentials";
import { knowledgePage } from "./knowledge";
import { linesPage } from "./lines";
import { outboundCallPage } from "./outbound-call";
import { overviewPage } from "./overview";
import type { ConsolePage } from "./page";
import { tenantsPage } from "./tenants";
import { toolsPage } from "./tools";
import { usagePage } from "./usage";
import { webhooksPage } from "./webhooks";

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
  usagePage,
  outboundCallPage,
  webhooksPage,
];

/** Where the console opens: the first page. */
export const HOME_PAGE = PAGES[0] as ConsolePage;
