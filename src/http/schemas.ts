import { resolver } from "hono-openapi";
import * as v from "valibot";

/** Shapes shared by many routes: ids in paths, paging, the error body. */

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

export const ErrorSchema = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    details: v.optional(v.unknown()),
    requestId: v.optional(v.string()),
  }),
});

export const pageOf = <T extends v.GenericSchema>(item: T) =>
  v.object({ data: v.array(item), nextCursor: v.nullable(v.string()) });

/** OpenAPI response entries for a JSON body and the usual failures. */
export function responses(ok: v.GenericSchema, okStatus = 200, description = "OK") {
  const json = (schema: v.GenericSchema) => ({ "application/json": { schema: resolver(schema) } });
  const failure = (text: string) => ({ description: text, content: json(ErrorSchema) });
  return {
    [okStatus]: { description, content: json(ok) },
    400: failure("Invalid input: names each field and reason"),
    401: failure("Missing or invalid API key"),
    404: failure("Not found (or belongs to another tenant)"),
    429: failure("Rate limit exceeded"),
  };
}

export const noContent = {
  204: { description: "Done" },
  401: { description: "Missing or invalid API key" },
  404: { description: "Not found (or belongs to another tenant)" },
};
