import { type Context, Hono } from "hono";
import { except } from "hono/combine";
import type { CallAnalyst } from "./analysis/call-analyst";
import type { BlobStore } from "./blobs/blob-store";
import type { AfterCall } from "./calls/after-call";
import type { CallRegistry } from "./calls/call-registry";
import type { CallService } from "./calls/call-service";
import { tenantCallsTaken } from "./calls/tenant-call-slots";
import type { ToolRunner } from "./calls/tool-port";
import type { WhatsAppDialler } from "./calls/whatsapp/whatsapp-dialler";
import type { AgentDrafter } from "./drafting/agent-drafter";
import { TemplateDrafter } from "./drafting/template-drafter";
import { confineCallTokens, requireAuth } from "./http/auth";
import { limitBody, limitJsonShape, requireJsonBody } from "./http/body-rules";
import type { CallTokens } from "./http/call-tokens";
import type { AppEnv } from "./http/context";
import { errorResponse, handleError } from "./http/errors";
import { eventWebhooks } from "./http/event-docs";
import { refuseNewCallsHere } from "./http/new-call-gate";
import { openApiDocument } from "./http/openapi";
import { limitFailedAuth, limitRequests } from "./http/public-limits";
import { rateLimit } from "./http/rate-limit";
import { requestLog } from "./http/request-log";
import { agentDraftRoutes } from "./http/routes/agent-drafts";
import { agentTemplateRoutes } from "./http/routes/agent-templates";
import { agentRoutes } from "./http/routes/agents";
import { apiDocsRoutes } from "./http/routes/api-docs";
import { apiKeyRoutes } from "./http/routes/api-keys";
import { bindingRoutes } from "./http/routes/bindings";
import { callBrandRoutes } from "./http/routes/call-brand";
import { callTokenRoutes } from "./http/routes/call-tokens";
import { callRoutes } from "./http/routes/calls";
import { conversationAnalysisRoutes } from "./http/routes/conversation-analysis";
import { conversationRecordingRoutes } from "./http/routes/conversation-recording";
import { conversationTranscriptRoutes } from "./http/routes/conversation-transcript";
import { conversationUsageRoutes } from "./http/routes/conversation-usage";
import { conversationRoutes } from "./http/routes/conversations";
import { credentialRoutes } from "./http/routes/credentials";
import { healthRoutes, type ModelMode } from "./http/routes/health";
import { isDocumentUpload, type KnowledgeApi, knowledgeRoutes } from "./http/routes/knowledge";
import { type MetricsAccess, metricsRoutes } from "./http/routes/metrics";
import { outboundCallRoutes } from "./http/routes/outbound-calls";
import { promptPreviewRoutes } from "./http/routes/prompt-preview";
import { staticRoutes } from "./http/routes/static-files";
import { tenantBrandRoutes } from "./http/routes/tenant-brand";
import { tenantPlanRoutes } from "./http/routes/tenant-plan";
import { tenantRetentionRoutes } from "./http/routes/tenant-retention";
import { tenantRoutes } from "./http/routes/tenants";
import { toolTestRoutes } from "./http/routes/tool-test";
import { turnLatencyRoutes } from "./http/routes/turn-latency";
import { usageRoutes } from "./http/routes/usage";
import { webhookEndpointRoutes } from "./http/routes/webhook-endpoints";
import { webhookTokenRoutes } from "./http/routes/webhook-tokens";
import { whoAmIRoutes } from "./http/routes/whoami";
import { SharedWindows } from "./http/shared-windows";
import type { LiveKit } from "./livekit/livekit";
import { liveKitRoomRoutes } from "./livekit/rooms-route";
import { liveKitWebhookRoutes } from "./livekit/webhook-route";
import type { Logger } from "./log/logger";
import type { AnswerOffer } from "./media/media-leg";
import type { IceServerSource } from "./media/turn-credentials";
import type { GatewayMetrics } from "./metrics/gateway-metrics";
import { countReplays } from "./metrics/replay-count";
import { timeWebhooks } from "./metrics/webhook-timing";
import type { EgressPolicy } from "./net/egress-guard";
import { type Lookup, systemLookup } from "./net/guarded-fetch";
import type { CallOwners } from "./ownership/call-owners";
import { ConversationEraser } from "./retention/conversation-eraser";
import type { ConversationPart } from "./retention/conversation-parts";
import { MemorySessionStore } from "./session/memory-session-store";
import type { SessionStore } from "./session/session-store";
import type { AdminKey } from "./store/admin-key";
import type { Stores } from "./store/stores";
import { TurnLatencies } from "./store/turn-latencies";
import type { PhoneDialler } from "./telephony/phone-dialler";
import { twilioStatusRoutes } from "./telephony/twilio-status-route";
import { type TwilioVoiceDeps, twilioVoiceRoutes } from "./telephony/twilio-voice-route";
import { tracing } from "./tracing/tracing";
import { type WebhookDeps, webhookRoutes } from "./webhooks/webhook-routes";

export interface AppDeps {
  stores: Stores;
  webhooks: WebhookDeps;
  calls: CallService;
  dialler: WhatsAppDialler;
  registry: CallRegistry;
  callTokens: CallTokens;
  answerOffer: AnswerOffer;
  /** STUN/TURN for browsers, TURN credentials minted per request when configured. */
  iceServers: IceServerSource;
  describeMediaError: (error: unknown) => string | null;
  adminKey: AdminKey;
  log: Logger;
  model: ModelMode;
  maxBodyBytes: number;
  /** Folder of the demo page and console; defaults to the repository's static/. */
  staticDir?: string;
  rateLimitPerMinute: number;
  /** Requests per minute a webhook route takes, from all sources together. */
  webhookRateLimitPerMinute: number;
  /** Unauthenticated requests per minute from one source address (a tenth of it for failed auth). */
  publicRateLimitPerMinute: number;
  /** Where a request came from; trusts a proxy's header only when configured. */
  clientAddress: (c: Context) => string;
  /** Where callers and providers reach this service (PUBLIC_BASE_URL), for URLs we hand out. */
  publicBaseUrl?: string | undefined;
  /** What URLs from tenants may reach (ALLOW_PRIVATE_EGRESS). */
  egress: EgressPolicy;
  /** Agents' HTTP and MCP tools, for running one on its own. */
  tools: ToolRunner;
  /** Over all of one tenant's keys and call tokens; default 5 × the per-key limit. */
  rateLimitPerTenantPerMinute?: number;
  /** Drafts agent configs; default: from templates, without a model. */
  drafter?: AgentDrafter;
  /** Search and ingestion of the knowledge base. */
  knowledge: KnowledgeApi;
  /** Post-call analysis, run again on request. */
  analyst: Pick<CallAnalyst, "analyse">;
  /** What deleting a conversation erases (startup/conversation-parts.ts). */
  conversationParts: readonly ConversationPart[];
  /** Whether a call's records are still being finished, which holds off deleting them. */
  afterCall?: Pick<AfterCall, "finishing">;
  /** DNS for checking webhook endpoint URLs; default the system's. */
  egressLookup?: Lookup;
  /** Recordings and exports. */
  blobs: BlobStore;
  /** Behind Fly's proxy: a call this machine cannot take now is replayed on another one. */
  replayCallsElsewhere?: boolean;
  /**
   * State shared with the other machines (rate limits count there); /readyz pings it. Default:
   * a memory store of this app's own.
   */
  sessionStore?: SessionStore;
  /** Which machine holds calls not live here (call ownership); requests about them are replayed. */
  owners?: CallOwners;
  /** Served at GET /metrics; webhooks are timed into it. */
  metrics?: GatewayMetrics;
  /** Who may scrape /metrics: METRICS_TOKEN, or without it the private network only. */
  metricsAccess?: MetricsAccess;
  /** Phone numbers over Twilio: `POST /webhooks/twilio/{tenantId}/voice`. */
  twilioVoice?: TwilioVoiceDeps;
  /** Twilio's status callbacks: `POST /webhooks/twilio/{tenantId}/status`. */
  twilioStatus?: Parameters<typeof twilioStatusRoutes>[0];
  /** Outbound phone calls (`POST /v1/calls` with `channel: "phone"`). */
  phoneDialler?: PhoneDialler;
  /** LiveKit rooms: `POST /v1/livekit/rooms` and `POST /webhooks/livekit/{tenantId}`. */
  livekit?: LiveKit;
}

/** The whole HTTP surface as a fetch handler; the runtime that serves it lives in main.ts. */
export function createApp(deps: AppDeps) {
  const { stores } = deps;
  const app = new Hono<AppEnv>();
  // Before the request log, so its line carries the request's trace id.
  const traced = tracing().requests;
  if (traced) app.use("*", traced);
  app.use("*", requestLog(deps.log));
  if (deps.metrics) app.use("*", countReplays(deps.metrics));
  app.onError(handleError);
  app.notFound((c) =>
    errorResponse(c, 404, "not_found", `no route for ${c.req.method} ${c.req.path}`),
  );

  // Limits are counted in the session store, so they hold across machines (memory: this one).
  const shared = deps.sessionStore ?? new MemorySessionStore();
  const windows = (name: string, perMinute: number) =>
    new SharedWindows(shared, name, perMinute, deps.log);
  const perAddress = windows("address", deps.publicRateLimitPerMinute);
  const failedAuthPerAddress = windows(
    "failed-auth",
    Math.max(1, deps.publicRateLimitPerMinute / 10),
  );
  const perWebhookRoute = windows("webhook-route", deps.webhookRateLimitPerMinute);
  const address = deps.clientAddress;
  const limitPerAddress = limitRequests(perAddress, address, "from this address");
  app.use("*", async (c, next) =>
    c.req.path.startsWith("/v1/") ? next() : limitPerAddress(c, next),
  );

  app.route(
    "/",
    healthRoutes(
      stores.db,
      deps.model,
      () => deps.calls.draining,
      deps.sessionStore,
      () => deps.calls.atCapacity,
    ),
  );
  if (deps.metrics) {
    const { metrics } = deps;
    app.use("/metrics", limitFailedAuth(failedAuthPerAddress, address));
    app.route(
      "/",
      metricsRoutes(() => metrics.render(), deps.metricsAccess),
    );
  }
  app.route("/", staticRoutes(deps.staticDir ?? new URL("../static", import.meta.url).pathname));

  const webhooks = new Hono<AppEnv>();
  if (deps.metrics) webhooks.use("*", timeWebhooks(deps.metrics));
  // One tenant's route is limited as a whole (`/webhooks/wati/{tenantId}`, token excluded).
  const webhookRoute = (c: Context) => c.req.path.split("/").slice(0, 4).join("/");
  webhooks.use("*", limitRequests(perWebhookRoute, webhookRoute, "to this webhook route"));
  webhooks.use("*", limitBody(deps.maxBodyBytes));
  webhooks.route("/", webhookRoutes(deps.webhooks));
  if (deps.twilioVoice) webhooks.route("/twilio", twilioVoiceRoutes(deps.twilioVoice));
  if (deps.twilioStatus) webhooks.route("/twilio", twilioStatusRoutes(deps.twilioStatus));
  if (deps.livekit) webhooks.route("/livekit", liveKitWebhookRoutes(deps.livekit.webhooks));
  app.route("/webhooks", webhooks);

  const v1 = new Hono<AppEnv>();
  v1.use(
    "*",
    refuseNewCallsHere({
      draining: () => deps.calls.draining,
      atCapacity: () => deps.calls.atCapacity,
      replayElsewhere: deps.replayCallsElsewhere ?? false,
    }),
  );
  v1.use("*", limitFailedAuth(failedAuthPerAddress, address));
  // The document upload sets its own body rules (multipart, a larger size): see its route.
  v1.use("*", except(isDocumentUpload, limitBody(deps.maxBodyBytes), requireJsonBody));
  v1.use(
    "*",
    requireAuth({
      adminKey: deps.adminKey,
      apiKeys: stores.apiKeys,
      tenants: stores.tenants,
      callTokens: deps.callTokens,
    }),
    confineCallTokens,
  );
  const perKeyPerMinute = deps.rateLimitPerMinute;
  const perTenantPerMinute = deps.rateLimitPerTenantPerMinute ?? 5 * perKeyPerMinute;
  v1.use(
    "*",
    rateLimit({ perKeyPerMinute, perTenantPerMinute }, shared, deps.log),
    except(isDocumentUpload, limitJsonShape()),
  );
  v1.route("/tenants", tenantRoutes(stores.tenants));
  v1.route("/tenants", apiKeyRoutes(stores.apiKeys, stores.tenants));
  v1.route(
    "/tenants",
    tenantPlanRoutes({
      tenants: stores.tenants,
      usage: stores.usage,
      concurrentCallLimit: (tenant) => deps.calls.tenantLimit(tenant),
      // Over every machine when there is a shared store; this machine's when it is unreachable.
      liveCalls: async (tenantId) => {
        const local = deps.registry.countFor(tenantId);
        if (!deps.sessionStore) return local;
        return tenantCallsTaken(deps.sessionStore, tenantId).catch(() => local);
      },
    }),
  );
  v1.route(
    "/tenants",
    credentialRoutes(
      stores.credentials,
      stores.tenants,
      { tokens: stores.webhookTokens, publicBaseUrl: deps.publicBaseUrl },
      deps.egress,
    ),
  );
  v1.route(
    "/tenants",
    webhookTokenRoutes(stores.webhookTokens, stores.tenants, deps.publicBaseUrl),
  );
  v1.route("/tenants", tenantRetentionRoutes(stores.retention, stores.tenants));
  v1.route("/tenants", tenantBrandRoutes(stores.brands, stores.tenants));
  v1.route("/agent-templates", agentTemplateRoutes());
  const drafter = deps.drafter ?? new TemplateDrafter();
  v1.route(
    "/agents",
    agentDraftRoutes({ drafter, agents: stores.agents, tenants: stores.tenants }),
  );
  v1.route("/agents", agentRoutes(stores.agents, stores.tenants));
  v1.route("/agents", callTokenRoutes(stores.agents, deps.callTokens));
  v1.route("/agents", promptPreviewRoutes(stores.agents));
  v1.route("/agents", toolTestRoutes(stores.agents, deps.tools));
  v1.route("/bindings", bindingRoutes(stores.bindings, stores.agents));
  v1.route(
    "/conversations",
    conversationRoutes({
      calls: stores.calls,
      analyses: stores.callAnalyses,
      recordings: stores.recordings,
      search: stores.callSearch,
      eraser: new ConversationEraser(stores.calls, stores.retention, deps.conversationParts, (id) =>
        Boolean(deps.afterCall?.finishing(id)),
      ),
    }),
  );
  v1.route(
    "/conversations",
    conversationAnalysisRoutes({
      calls: stores.calls,
      analyses: stores.callAnalyses,
      agents: stores.agents,
      analyst: deps.analyst,
    }),
  );
  v1.route("/conversations", conversationUsageRoutes(stores.usage));
  v1.route("/conversations", conversationTranscriptRoutes(stores.calls, stores.agents));
  v1.route(
    "/conversations",
    conversationRecordingRoutes(stores.calls, stores.recordings, deps.blobs),
  );
  v1.route("/knowledge", knowledgeRoutes(stores.knowledge, stores.tenants, deps.knowledge));
  v1.route("/usage", usageRoutes(stores.usage, stores.tenants));
  v1.route("/calls", outboundCallRoutes(deps.dialler, deps.phoneDialler));
  if (deps.livekit)
    v1.route("/livekit", liveKitRoomRoutes({ livekit: deps.livekit.calls, calls: deps.calls }));
  v1.route("/turn-latency", turnLatencyRoutes(new TurnLatencies(stores.db), stores.tenants));
  v1.route("/whoami", whoAmIRoutes({ tenants: stores.tenants, apiKeys: stores.apiKeys }));
  // Before the call routes, whose `/:callId` would take "brand" for a call id.
  v1.route("/calls", callBrandRoutes(stores.brands, limitPerAddress));
  v1.route(
    "/calls",
    callRoutes({
      iceServers: deps.iceServers,
      calls: deps.calls,
      registry: deps.registry,
      records: stores.calls,
      answerOffer: deps.answerOffer,
      describeMediaError: deps.describeMediaError,
      ...(deps.owners && { owners: deps.owners }),
    }),
  );
  v1.route(
    "/webhook-endpoints",
    webhookEndpointRoutes({
      endpoints: stores.webhookEndpoints,
      deliveries: stores.webhookDeliveries,
      tenants: stores.tenants,
      egress: deps.egress,
      lookup: deps.egressLookup ?? systemLookup,
    }),
  );
  app.route("/v1", v1);

  app.get(
    "/openapi.json",
    openApiDocument(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Astra Voice API",
          version: "1",
          description:
            "Admin and call API of the Astra Voice gateway. Authenticate with `Authorization: Bearer <key>`. " +
            "Every failure answers `{error: {code, message, details?, requestId}}` (the `Error` schema).",
        },
        components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
        webhooks: eventWebhooks(),
        security: [{ bearer: [] }],
      },
    }),
  );
  app.route("/", apiDocsRoutes("/openapi.json"));
  return app;
}

export type App = ReturnType<typeof createApp>;
