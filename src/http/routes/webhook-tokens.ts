import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { TenantStore } from "../../store/tenants";
import type { WebhookTokenStore } from "../../store/webhook-tokens";
import type { AppEnv } from "../context";
import { resourceId, responses } from "../schemas";
import { tenantAccess } from "../scope";
import { validate } from "../validate";

const TenantParam = v.object({ tenantId: resourceId("ten") });

export const WebhookUrlSchema = v.object({
  url: v.pipe(
    v.string(),
    v.description(
      "The webhook URL to give Wati, token included; shown only this once. Absolute when PUBLIC_BASE_URL is set, else a path on this service.",
    ),
  ),
});

/** The Wati webhook URL of a tenant, with the secret token that authenticates its deliveries. */
export function watiWebhookUrl(publicBaseUrl: string | undefined, tenantId: string, token: string) {
  return `${(publicBaseUrl ?? "").replace(/\/$/, "")}/webhooks/wati/${tenantId}/${token}`;
}

/** Replaces a tenant's Wati webhook token: the old URL stops working at once. */
export function webhookTokenRoutes(
  tokens: WebhookTokenStore,
  tenants: TenantStore,
  publicBaseUrl: string | undefined,
) {
  return new Hono<AppEnv>().use("/:tenantId/webhook-token", tenantAccess(tenants)).post(
    "/:tenantId/webhook-token",
    describeRoute({
      tags: ["Credentials"],
      summary: "Replace the tenant's Wati webhook URL token",
      description:
        "Wati cannot sign its deliveries unless the tenant sets a `webhookSecret`, so its webhook URL carries a secret token instead. The token is first shown when the tenant's `wati` credential is set; this mints a new one and the old URL is refused from then on.",
      responses: responses(WebhookUrlSchema),
    }),
    validate("param", TenantParam),
    async (c) => {
      const { tenantId } = c.req.valid("param");
      const token = await tokens.rotate(tenantId, "wati");
      return c.json({ url: watiWebhookUrl(publicBaseUrl, tenantId, token) });
    },
  );
}
