import { AgentStore } from "./agents";
import { ApiKeyStore } from "./api-keys";
import { BindingStore } from "./bindings";
import { CallRecordingStore } from "./call-recordings";
import { CallStore } from "./calls";
import { CredentialStore } from "./credentials";
import type { Db } from "./db";
import { KnowledgeStore } from "./knowledge";
import { KnowledgeChunkStore } from "./knowledge-chunks";
import type { SecretBox } from "./secret-box";
import { TenantStore } from "./tenants";
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
  recordings: CallRecordingStore;
}

export function createStores(db: Db, box: SecretBox): Stores {
  return {
    db,
    tenants: new TenantStore(db),
    apiKeys: new ApiKeyStore(db),
    agents: new AgentStore(db),
    bindings: new BindingStore(db),
    credentials: new CredentialStore(db, box),
    calls: new CallStore(db),
    webhookTokens: new WebhookTokenStore(db),
    knowledge: new KnowledgeStore(db),
    knowledgeChunks: new KnowledgeChunkStore(db),
    recordings: new CallRecordingStore(db),
  };
}
