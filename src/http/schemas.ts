import { resolver } from "hono-openapi";
import * as v from "valibot";

/** Shapes shared by many routes: ids in paths, paging, the error body. */

/**
 * A schema that /openapi.json lists under `components.schemas` by this name and refers to by
 * `$ref`, so generated clients get a real type name. Validation is unchanged.
 */
export const named = <S extends v.GenericSchema>(ref: string, schema: S) =>
  v.pipe(schema, v.metadata({ ref }));

/** The component name given by `named`, if any. */
function refOf(schema: v.GenericSchema): string | undefined {
  const pipe = (schema as { pipe?: ReadonlyArray<{ type?: string; metadata?: { ref?: unknown } }> })
    .pipe;
  const ref = pipe?.find((action) => action.type === "metadata")?.metadata?.ref;
  return typeof ref === "string" ? ref : undefined;
}

export const resourceId = (prefix: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^${prefix}_[0-9a-z]{23}$`), `must be a ${prefix}_… id`));

export const PageQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(200),
    ),
    "50",
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

export const ErrorSchema = named(
  "Error",
  v.object({
    error: v.object({
      code: v.pipe(v.string(), v.description("Stable, for programs: invalid, not_found, …")),
      message: v.pipe(v.string(), v.description("For people: names each field and reason")),
      details: v.optional(v.unknown()),
      requestId: v.pipe(v.string(), v.description("Quote it when reporting a problem")),
    }),
  }),
);

/** A page of items; named `<Item>Page` when the item is named. */
export const pageOf = (item: v.GenericSchema): v.GenericSchema => {
  const page = v.object({ data: v.array(item), nextCursor: v.nullable(v.string()) });
  const ref = refOf(item);
  return ref ? named(`${ref}Page`, page) : page;
};

const json = (schema: v.GenericSchema) => ({ "application/json": { schema: resolver(schema) } });

/** A documented failure with the error body. */
export const failure = (description: string) => ({ description, content: json(ErrorSchema) });

/** 409 for routes that can meet a conflict, saying which. */
export const conflictResponse = (description: string) => ({ 409: failure(description) });

/** 402 for routes that start calls: the tenant's monthly call minutes are used up. */
export const quotaResponse = {
  402: failure(
    "quota_exceeded: the tenant used the call minutes its plan allows this UTC calendar month; " +
      "details give monthlyMinutes, usedSeconds, month, resetsAt and the refused call's callId",
  ),
};

/**
 * A machine shutting down, or carrying MAX_CALLS_PER_MACHINE calls, takes no new calls; another
 * machine (or this one later) will. Behind Fly's proxy the answer carries `fly-replay: elsewhere=true`.
 */
export const drainingResponse = {
  503: failure(
    "draining (this machine is shutting down) or at_capacity (it carries all the calls it can): no new call here; try again. On Fly answered with `fly-replay: elsewhere=true`",
  ),
};

/** Failures of the WhatsApp provider a route calls while answering. */
export const providerFailures = {
  502: failure("The WhatsApp provider failed; details name it, its status and code"),
  503: failure("The WhatsApp provider is rate limiting or unavailable; try again later"),
  504: failure("The WhatsApp provider did not answer in time"),
};

/**
 * OpenAPI response entries for a JSON body and the route's own failures. Failures the edge can
 * give any route (400, 401, 403, 413, 415, 429) are added to every operation by openapi.ts.
 */
export function responses(ok: v.GenericSchema, okStatus = 200, description = "OK") {
  return {
    [okStatus]: { description, content: json(ok) },
    404: failure("Not found (or belongs to another tenant)"),
  };
}

export const noContent = {
  204: { description: "Done" },
  404: failure("Not found (or belongs to another tenant)"),
};
