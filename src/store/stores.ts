import { DEFAULT_PRICE_TABLE, type PriceTable } from "../usage/price-table";
import { AgentStore } from "./agents";
import { ApiKeyStore } from "./api-keys";
import { BindingStore } from "./bindings";
import { CallAnalysisStore } from "./call-analyses";
import { CallRecordingStore } from "./call-recordings";
import { CallSearch } from "./call-search";
import { CallStore } from "./calls";
import { CredentialStore } from "./credentials";
import type { Db } from "./db";
import { KnowledgeStore } from "./knowledge";
import { KnowledgeChunkStore } from "./knowledge-chunks";
import { PhoneHasher } from "./phone-hash";
import { RetentionStore } from "./retention";
import { SecretBox } from "./secret-box";
import { BrandStore } from "./tenant-brands";
import { TenantStore } from "./tenants";
import { UsageStore } from "./usage";
import { WebhookDeliveryStore } from "./webhook-deliveries";
import { WebhookEndpointStore } from "./webhook-endpoints";
import { WebhookTokenStore } from "./webhook-tokens";
import type { StatementWriter } from "./write-outbox";

/** Every repository over one database. */
export interface Stores {
  db: Db;
  tenants: TenantStore;
  /** Tenants' brands for their public pages. */
  brands: BrandStore;
  apiKeys: ApiKeyStore;
  agents: AgentStore;
  bindings: BindingStore;
  credentials: CredentialStore;
  calls: CallStore;
  /** Conversations by filters, full text and phone number. */
  callSearch: CallSearch;
  /** Tenants' retention settings and marks of erased content. */
  retention: RetentionStore;
  webhookTokens: WebhookTokenStore;
  knowledge: KnowledgeStore;
  knowledgeChunks: KnowledgeChunkStore;
  callAnalyses: CallAnalysisStore;
  webhookEndpoints: WebhookEndpointStore;
  webhookDeliveries: WebhookDeliveryStore;
  usage: UsageStore;
  recordings: CallRecordingStore;
}

/**
 * Every repository over `db`. Credentials are sealed and phone numbers hashed with keys from
 * `secretsKey`; `prices` estimates each call's cost (PRICE_TABLE; default the built-in table).
 */
export async function createStores(
  db: Db,
  secretsKey: Uint8Array<ArrayBuffer>,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
  /** Where call records go as a call goes (default: straight to `db`). */
  callWrites?: StatementWriter,
): Promise<Stores> {
  const box = await SecretBox.fromKeyBytes(secretsKey);
  const phones = new PhoneHasher(secretsKey);
  return {
    db,
    tenants: new TenantStore(db),
    brands: new BrandStore(db),
    apiKeys: new ApiKeyStore(db),
    agents: new AgentStore(db),
    bindings: new BindingStore(db),
    credentials: new CredentialStore(db, box),
    calls: new CallStore(db, phones, prices, callWrites),
    callSearch: new CallSearch(db, phones),
    retention: new RetentionStore(db),
    webhookTokens: new WebhookTokenStore(db),
    knowledge: new KnowledgeStore(db),
    knowledgeChunks: new KnowledgeChunkStore(db),
    callAnalyses: new CallAnalysisStore(db),
    webhookEndpoints: new WebhookEndpointStore(db, box),
    webhookDeliveries: new WebhookDeliveryStore(db),
    usage: new UsageStore(db),
    recordings: new CallRecordingStore(db),
  };
}
