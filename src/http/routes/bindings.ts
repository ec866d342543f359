import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { CHANNELS, type Channel, type ChannelBinding, WEBHOOK_ORIGINS } from "../../domain/binding";
import { maskPhone } from "../../domain/phone";
import type { AgentStore } from "../../store/agents";
import type { BindingStore } from "../../store/bindings";
import type { AppEnv } from "../context";
import {
  conflictResponse,
  named,
  noContent,
  PageQuery,
  pageOf,
  resourceId,
  responses,
} from "../schemas";
import { owningTenant, scopeOf } from "../scope";
import { validate } from "../validate";

const BindingParam = v.object({ bindingId: resourceId("bnd") });
const label = v.pipe(v.string(), v.maxLength(200));

/** What an address looks like on each channel. */
const ADDRESS_RULES = {
  whatsapp_cloud: [/^\d{5,20}$/, "must be Meta's phone_number_id (digits)"],
  wati: [/^\+?\d{6,15}$/, "must be the business phone number in international form"],
  livekit: [/^[A-Za-z0-9_-]{1,64}$/, "must be a room-name prefix (letters, digits, '_' or '-')"],
  twilio: [/^\+?\d{6,15}$/, "must be the Twilio phone number in international form"],
} as const;

const CreateBinding = v.pipe(
  v.strictObject({
    tenantId: v.optional(resourceId("ten")),
    agentId: resourceId("agt"),
    channel: v.picklist(CHANNELS),
    address: v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(64)),
    label: v.optional(label),
    /** The stored credential to call the provider with; default: the one named like the channel. */
    credential: v.optional(
      v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be a credential name")),
    ),
    webhookOrigin: v.optional(
      v.pipe(
        v.picklist(WEBHOOK_ORIGINS),
        v.description(
          "Which webhook route may act on this line's calls. WhatsApp Cloud: `platform` (default) for numbers onboarded through the platform Meta app (`/webhooks/whatsapp`), `tenant` for the tenant's own Meta app (`/webhooks/whatsapp/{tenantId}`). Wati, LiveKit and Twilio are always `tenant`.",
        ),
      ),
    ),
  }),
  v.forward(
    v.check(
      (b) => ADDRESS_RULES[b.channel][0].test(b.address),
      // The rule of the channel asked for, so the form can say what to type.
      (issue) => ADDRESS_RULES[(issue.input as { channel: Channel }).channel][1],
    ),
    ["address"],
  ),
  v.forward(
    v.check(
      (b) => b.channel === "whatsapp_cloud" || b.webhookOrigin !== "platform",
      "only WhatsApp Cloud numbers can be reached through the platform app",
    ),
    ["webhookOrigin"],
  ),
  v.forward(
    v.check(
      (b) => b.channel !== "twilio" || b.credential === undefined,
      "Twilio numbers use the tenant's credential named `twilio` (it signs their webhooks)",
    ),
    ["credential"],
  ),
  v.transform((b) => ({
    ...b,
    address:
      b.channel === "wati" || b.channel === "twilio" ? b.address.replace(/^\+/, "") : b.address,
  })),
);
const UpdateBinding = v.strictObject({
  agentId: v.optional(resourceId("agt")),
  label: v.optional(label),
});
const BindingQuery = v.object({
  ...PageQuery.entries,
  tenantId: v.optional(resourceId("ten")),
  agentId: v.optional(resourceId("agt")),
  channel: v.optional(v.picklist(CHANNELS)),
});

export const BindingSchema = named(
  "Binding",
  v.object({
    id: v.string(),
    tenantId: v.string(),
    agentId: v.string(),
    channel: v.picklist(CHANNELS),
    address: v.pipe(v.string(), v.description("Phone numbers (Wati, Twilio) are shown masked")),
    label: v.string(),
    credentialName: v.nullable(v.string()),
    webhookOrigin: v.picklist(WEBHOOK_ORIGINS),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
);

/** Phone numbers never leave in a response; ids and room prefixes are not personal data. */
function present(binding: ChannelBinding): ChannelBinding {
  const isPhoneNumber = binding.channel === "wati" || binding.channel === "twilio";
  return isPhoneNumber ? { ...binding, address: maskPhone(binding.address) } : binding;
}

const tags = ["Channel bindings"];

export function bindingRoutes(bindings: BindingStore, agents: AgentStore) {
  return new Hono<AppEnv>()
    .post(
      "/",
      describeRoute({
        tags,
        summary: "Route a channel address to an agent",
        responses: {
          ...responses(BindingSchema, 201, "Created"),
          ...conflictResponse("The address is already bound on this channel"),
        },
      }),
      validate("json", CreateBinding),
      async (c) => {
        const body = c.req.valid("json");
        const tenantId = owningTenant(c.get("principal"), body.tenantId);
        await agents.get(tenantId, body.agentId);
        const created = await bindings.create(tenantId, {
          agentId: body.agentId,
          channel: body.channel,
          address: body.address,
          label: body.label ?? "",
          credentialName: body.credential ?? null,
          webhookOrigin:
            body.channel === "whatsapp_cloud" ? (body.webhookOrigin ?? "platform") : "tenant",
        });
        return c.json(present(created), 201);
      },
    )
    .get(
      "/",
      describeRoute({
        tags,
        summary: "List channel bindings",
        responses: responses(pageOf(BindingSchema)),
      }),
      validate("query", BindingQuery),
      async (c) => {
        const { limit, cursor, ...filter } = c.req.valid("query");
        const page = await bindings.list(scopeOf(c.get("principal")), { limit, cursor }, filter);
        return c.json({ ...page, data: page.data.map(present) });
      },
    )
    .get(
      "/:bindingId",
      describeRoute({
        tags,
        summary: "Get a channel binding",
        responses: responses(BindingSchema),
      }),
      validate("param", BindingParam),
      async (c) =>
        c.json(
          present(await bindings.get(scopeOf(c.get("principal")), c.req.valid("param").bindingId)),
        ),
    )
    .patch(
      "/:bindingId",
      describeRoute({
        tags,
        summary: "Point a binding at another agent, or relabel it",
        responses: responses(BindingSchema),
      }),
      validate("param", BindingParam),
      validate("json", UpdateBinding),
      async (c) => {
        const scope = scopeOf(c.get("principal"));
        const { bindingId } = c.req.valid("param");
        const patch = c.req.valid("json");
        const current = await bindings.get(scope, bindingId);
        if (patch.agentId) await agents.get(current.tenantId, patch.agentId);
        return c.json(present(await bindings.update(scope, bindingId, patch)));
      },
    )
    .delete(
      "/:bindingId",
      describeRoute({ tags, summary: "Remove a channel binding", responses: noContent }),
      validate("param", BindingParam),
      async (c) => {
        await bindings.remove(scopeOf(c.get("principal")), c.req.valid("param").bindingId);
        return c.body(null, 204);
      },
    );
}
