import { initial } from "./001-initial";
import { calls } from "./002-calls";
import { whatsapp } from "./003-whatsapp";
import { webhookTenancy } from "./004-webhook-tenancy";
import { knowledge } from "./005-knowledge";
import { toolCalls } from "./006-tool-calls";
import { dialVariables } from "./007-dial-variables";
import { eventOutbox } from "./008-event-outbox";
import { callRecordings } from "./009-call-recordings";
import { transcripts } from "./010-transcripts";
import { callUsage } from "./011-call-usage";
import { webhookEndpoints } from "./012-webhook-endpoints";
import { searchRetention } from "./013-search-retention";
import { callAnalyses } from "./014-call-analyses";
import { searchSecondReadings } from "./015-search-second-readings";
import { outboxPruning } from "./016-outbox-pruning";
import { appliedWrites } from "./017-applied-writes";
import { tenantBrands } from "./018-tenant-brands";
import type { Migration } from "./migration";

/** Every schema change, in order. Append only: a released migration never changes. */
export const MIGRATIONS: Migration[] = [
  initial,
  calls,
  whatsapp,
  webhookTenancy,
  knowledge,
  toolCalls,
  dialVariables,
  eventOutbox,
  callRecordings,
  transcripts,
  callUsage,
  webhookEndpoints,
  searchRetention,
  callAnalyses,
  searchSecondReadings,
  outboxPruning,
  appliedWrites,
  tenantBrands,
];
