import { type Context, Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Brand } from "../../domain/brand";
import { invalid } from "../../domain/errors";
import type { BrandStore } from "../../store/tenant-brands";
import type { AppEnv } from "../context";
import { failure, named, responses } from "../schemas";
import { sendLogo } from "./brand-logo";

const PublicBrandSchema = named(
  "PublicBrand",
  v.object({
    displayName: v.nullable(v.string()),
    primaryColor: v.nullable(v.string()),
    accentColor: v.nullable(v.string()),
    logo: v.nullable(
      v.object({
        url: v.pipe(v.string(), v.description("Fetch with the same Authorization header")),
        contentType: v.string(),
        width: v.number(),
        height: v.number(),
      }),
    ),
  }),
);

const LOGO_PATH = "/v1/calls/brand/logo";

/** What a public page may show of a brand: the brand alone, nothing else of the tenant. */
function publicBrand(brand: Brand | null) {
  const logo = brand?.logo;
  return {
    displayName: brand?.displayName ?? null,
    primaryColor: brand?.primaryColor ?? null,
    accentColor: brand?.accentColor ?? null,
    logo: logo
      ? {
          url: `${LOGO_PATH}?v=${logo.sha256.slice(0, 16)}`,
          contentType: logo.contentType,
          width: logo.width,
          height: logo.height,
        }
      : null,
  };
}

/** The tenant whose brand a request may see: its call token's or its key's, never another. */
function brandOwner(c: Context<AppEnv>): string {
  const principal = c.get("principal");
  if (principal.kind === "admin") {
    throw invalid("the admin key has no brand of its own; read /v1/tenants/{tenantId}/brand");
  }
  return principal.tenantId;
}

/**
 * `/v1/calls/brand`: the brand of the tenant whose call token (or key) asks, for the demo
 * phone. Public pages hold call tokens, so besides the token's own limits each source address
 * is limited as on the other public routes (`perAddress`).
 */
export function callBrandRoutes(brands: BrandStore, perAddress: MiddlewareHandler<AppEnv>) {
  return (
    new Hono<AppEnv>()
      // Hono's "/brand/*" also matches "/brand" itself.
      .use("/brand/*", perAddress)
      .get(
        "/brand",
        describeRoute({
          tags: ["Calls"],
          summary: "The brand a demo page shows: the caller's tenant's name, colours and logo",
          description:
            "For call tokens (and tenant keys): only the brand of the token's own tenant. Every " +
            "field is null when the tenant has no brand.",
          responses: responses(PublicBrandSchema),
        }),
        async (c) => {
          c.header("Cache-Control", "private, no-store");
          return c.json(publicBrand(await brands.get(brandOwner(c))));
        },
      )
      .get(
        "/brand/logo",
        describeRoute({
          tags: ["Calls"],
          summary: "The logo of the call token's tenant",
          responses: {
            200: {
              description: "The PNG or JPEG image",
              content: { "image/png": {}, "image/jpeg": {} },
            },
            404: failure("The tenant has no logo"),
          },
        }),
        async (c) => sendLogo(c, await brands.logo(brandOwner(c))),
      )
  );
}
