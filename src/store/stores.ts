import { DEFAULT_PRICE_TABLE, type PriceTable } from "../usage/price-table";
import { AgentStore } from "./agents";
import { ApiKeyStore } from "./api-keys";
import { BindingStore } from "./bindings";
import { CallStore } from "./calls";
import { CredentialStore } from "./credentials";
import type { Db } from "./db";
import { KnowledgeStore } from "./knowledge";
import { KnowledgeChunkStore } from "./knowledge-chunks";
import type { SecretBox } from "./secret-box";
import { TenantStore } from "./tenants";
import { UsageStore } from "./usage";
import { WebhookTokenStore } from "./webhook-tokens";

/** Every repository over one database. */
export interface Stores {
  db: Db;
  tenants: TenantStore;
  apiKeys: ApiKeyStore;
  agents: AgentStore;
  bindings: BindingStore;
  credentials: CredentialStore;
  calls: CallStore;
  webhookTokens: WebhookTokenStore;
  knowledge: KnowledgeStore;
  knowledgeChunks: KnowledgeChunkStore;
  usage: UsageStore;
}

/** `prices` estimates each call's cost (PRICE_TABLE); default the built-in table. */
export function createStores(
  db: Db,
  box: SecretBox,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
): Stores {
  return {
    db,
    tenants: new TenantStore(db),
    apiKeys: new ApiKeyStore(db),
    agents: new AgentStore(db),
    bindings: new BindingStore(db),
    credentials: new CredentialStore(db, box),
    calls: new CallStore(db, prices),
    webhookTokens: new WebhookTokenStore(db),
    knowledge: new KnowledgeStore(db),
    knowledgeChunks: new KnowledgeChunkStore(db),
    usage: new UsageStore(db),
  };
}
