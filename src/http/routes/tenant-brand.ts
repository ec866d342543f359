import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  HEX_COLOR,
  LOGO_MAX_BYTES,
  LOGO_MAX_SIDE,
  type LogoImage,
  readLogo,
} from "../../domain/brand";
import { invalid, notFound } from "../../domain/errors";
import type { BrandPatch, BrandStore } from "../../store/tenant-brands";
import type { TenantStore } from "../../store/tenants";
import type { AppEnv } from "../context";
import { failure, named, noContent, resourceId, responses } from "../schemas";
import { tenantAccess } from "../scope";
import { validate } from "../validate";
import { sendLogo } from "./brand-logo";

const TenantParam = v.object({ tenantId: resourceId("ten") });

const color = v.pipe(
  v.string(),
  v.regex(HEX_COLOR, "must be a hex colour like #1a73e8"),
  v.toLowerCase(),
  v.description("`#rrggbb`. The page keeps text readable: a colour too pale for it is not used"),
);
const displayName = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  v.maxLength(80, "must be at most 80 characters"),
);
const logo = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const read = readLogo(dataset.value);
    if ("problem" in read) addIssue({ message: read.problem });
  }),
  v.description(
    `The image itself: \`data:image/png;base64,…\` or \`data:image/jpeg;base64,…\`, at most ` +
      `${LOGO_MAX_BYTES / 1024} KB and ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels. SVG and links are refused`,
  ),
);

/** The image of a logo the schema has checked. */
function logoImage(dataUrl: string): LogoImage {
  const read = readLogo(dataUrl);
  if ("problem" in read) throw invalid(`body.logo: ${read.problem}`);
  return read;
}

const BrandUpdate = named(
  "BrandUpdate",
  v.strictObject({
    displayName: v.optional(v.nullable(displayName)),
    primaryColor: v.optional(v.nullable(color)),
    accentColor: v.optional(v.nullable(color)),
    logo: v.optional(v.nullable(logo)),
  }),
);

const LogoInfoSchema = named(
  "BrandLogo",
  v.object({
    contentType: v.picklist(["image/png", "image/jpeg"]),
    bytes: v.number(),
    width: v.number(),
    height: v.number(),
    sha256: v.pipe(v.string(), v.description("Changes whenever the image does")),
  }),
);

export const BrandSchema = named(
  "Brand",
  v.object({
    displayName: v.nullable(v.string()),
    primaryColor: v.nullable(v.string()),
    accentColor: v.nullable(v.string()),
    logo: v.nullable(LogoInfoSchema),
    updatedAt: v.string(),
  }),
);

/**
 * `/v1/tenants/{tenantId}/brand`: the name, colours and logo the tenant's demo phone shows. The
 * business sets its own (its key may), and the operator may for any tenant.
 */
export function tenantBrandRoutes(brands: BrandStore, tenants: TenantStore) {
  return (
    new Hono<AppEnv>()
      // Also matches "/:tenantId/brand" itself.
      .use("/:tenantId/brand/*", tenantAccess(tenants))
      .get(
        "/:tenantId/brand",
        describeRoute({
          tags: ["Tenants"],
          summary: "Get the tenant's brand (name, colours, logo)",
          responses: {
            ...responses(BrandSchema),
            404: failure("No such tenant, or it has no brand"),
          },
        }),
        validate("param", TenantParam),
        async (c) => {
          const brand = await brands.get(c.req.valid("param").tenantId);
          if (!brand) throw notFound("brand");
          return c.json(brand);
        },
      )
      .patch(
        "/:tenantId/brand",
        describeRoute({
          tags: ["Tenants"],
          summary: "Set the tenant's brand: a field given replaces it, null clears it",
          description:
            "Shown on the demo phone opened with a call token of this tenant. The logo is uploaded " +
            "as a data: URL and served by the gateway; nothing is fetched from elsewhere.",
          responses: responses(BrandSchema),
        }),
        validate("param", TenantParam),
        validate("json", BrandUpdate),
        async (c) => {
          const { logo: sent, ...fields } = c.req.valid("json");
          const patch: BrandPatch = { ...fields };
          if (sent !== undefined) patch.logo = sent === null ? null : logoImage(sent);
          return c.json(await brands.update(c.req.valid("param").tenantId, patch));
        },
      )
      .delete(
        "/:tenantId/brand",
        describeRoute({
          tags: ["Tenants"],
          summary: "Remove the tenant's brand and logo",
          responses: noContent,
        }),
        validate("param", TenantParam),
        async (c) => {
          const cleared = { displayName: null, primaryColor: null, accentColor: null, logo: null };
          await brands.update(c.req.valid("param").tenantId, cleared);
          return c.body(null, 204);
        },
      )
      .get(
        "/:tenantId/brand/logo",
        describeRoute({
          tags: ["Tenants"],
          summary: "The tenant's logo image",
          responses: {
            200: {
              description: "The PNG or JPEG image",
              content: { "image/png": {}, "image/jpeg": {} },
            },
            404: failure("No such tenant, or it has no logo"),
          },
        }),
        validate("param", TenantParam),
        async (c) => sendLogo(c, await brands.logo(c.req.valid("param").tenantId)),
      )
  );
}
