import { Hono } from "hono";
import { openAPIRouteHandler } from "hono-openapi";
import type { CallRegistry } from "./calls/call-registry";
import type { CallService } from "./calls/call-service";
import type { WhatsAppDialler } from "./calls/whatsapp/whatsapp-dialler";
import { confineCallTokens, requireAuth } from "./http/auth";
import { limitBody, requireJsonBody } from "./http/body-rules";
import type { CallTokens } from "./http/call-tokens";
import type { AppEnv } from "./http/context";
import { errorBody, handleError } from "./http/errors";
import { rateLimit } from "./http/rate-limit";
import { requestLog } from "./http/request-log";
import { agentRoutes } from "./http/routes/agents";
import { apiDocsRoutes } from "./http/routes/api-docs";
import { apiKeyRoutes } from "./http/routes/api-keys";
import { bindingRoutes } from "./http/routes/bindings";
import { callTokenRoutes } from "./http/routes/call-tokens";
import { type AnswerOffer, callRoutes } from "./http/routes/calls";
import { conversationRoutes } from "./http/routes/conversations";
import { credentialRoutes } from "./http/routes/credentials";
import { healthRoutes, type ModelMode } from "./http/routes/health";
import { outboundCallRoutes } from "./http/routes/outbound-calls";
import { staticRoutes } from "./http/routes/static-files";
import { tenantRoutes } from "./http/routes/tenants";
import type { Logger } from "./log/logger";
import type { AdminKey } from "./store/admin-key";
import type { Stores } from "./store/stores";
import { type WebhookDeps, webhookRoutes } from "./webhooks/webhook-routes";

export interface AppDeps {
  stores: Stores;
  webhooks: WebhookDeps;
  calls: CallService;
  dialler: WhatsAppDialler;
  registry: CallRegistry;
  callTokens: CallTokens;
  answerOffer: AnswerOffer;
  iceServers: RTCIceServer[];
  describeMediaError: (error: unknown) => string | null;
  adminKey: AdminKey;
  log: Logger;
  model: ModelMode;
  maxBodyBytes: number;
  /** Folder of the demo page and console; defaults to the repository's static/. */
  staticDir?: string;
  rateLimitPerMinute: number;
}

/** The whole HTTP surface as a fetch handler; the runtime that serves it lives in main.ts. */
export function createApp(deps: AppDeps) {
  const { stores } = deps;
  const app = new Hono<AppEnv>();
  app.use("*", requestLog(deps.log));
  app.onError(handleError);
  app.notFound((c) =>
    c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404),
  );

  app.route("/", healthRoutes(stores.db, deps.model));
  app.route("/", staticRoutes(deps.staticDir ?? new URL("../static", import.meta.url).pathname));

  const webhooks = new Hono<AppEnv>();
  webhooks.use("*", limitBody(deps.maxBodyBytes));
  webhooks.route("/", webhookRoutes(deps.webhooks));
  app.route("/webhooks", webhooks);

  const v1 = new Hono<AppEnv>();
  v1.use("*", limitBody(deps.maxBodyBytes), requireJsonBody);
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
  v1.use("*", rateLimit(deps.rateLimitPerMinute));
  v1.route("/tenants", tenantRoutes(stores.tenants));
  v1.route("/tenants", apiKeyRoutes(stores.apiKeys, stores.tenants));
  v1.route("/tenants", credentialRoutes(stores.credentials, stores.tenants));
  v1.route("/agents", agentRoutes(stores.agents, stores.tenants));
  v1.route("/agents", callTokenRoutes(stores.agents, deps.callTokens));
  v1.route("/bindings", bindingRoutes(stores.bindings, stores.agents));
  v1.route("/conversations", conversationRoutes(stores.calls));
  v1.route("/calls", outboundCallRoutes(deps.dialler));
  v1.route(
    "/calls",
    callRoutes({
      iceServers: deps.iceServers,
      calls: deps.calls,
      registry: deps.registry,
      records: stores.calls,
      answerOffer: deps.answerOffer,
      describeMediaError: deps.describeMediaError,
    }),
  );
  app.route("/v1", v1);

  app.get(
    "/openapi.json",
    openAPIRouteHandler(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Astra Voice API",
          version: "1",
          description:
            "Admin and call API of the Astra Voice gateway. Authenticate with `Authorization: Bearer <key>`.",
        },
        components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
        security: [{ bearer: [] }],
      },
    }),
  );
  app.route("/", apiDocsRoutes("/openapi.json"));
  return app;
}

export type App = ReturnType<typeof createApp>;
