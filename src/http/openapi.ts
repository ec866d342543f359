import type { Context, Env, Hono } from "hono";
import { generateSpecs } from "hono-openapi";

type Options = NonNullable<Parameters<typeof generateSpecs>[1]>;
type Document = Awaited<ReturnType<typeof generateSpecs>>;
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI objects are walked structurally here.
type Operation = Record<string, any>;

const ERROR_CONTENT = {
  "application/json": { schema: { $ref: "#/components/schemas/Error" } },
};

/**
 * Failures the edge middleware can give any operation under /v1, whatever the route declares:
 * input validation, authentication, the tenant's standing, body rules and rate limits.
 */
function edgeFailures(operation: Operation): Record<string, Operation> {
  const hasBody = operation.requestBody !== undefined;
  const hasInput = hasBody || (operation.parameters?.length ?? 0) > 0;
  return {
    ...(hasInput ? { 400: { description: "Invalid input: names each field and reason" } } : {}),
    401: { description: "Missing, invalid or expired API key or call token" },
    403: { description: "The tenant is suspended, or this key may not do this" },
    ...(hasBody
      ? {
          413: { description: "The body is larger than the configured limit" },
          415: { description: "The body is not application/json" },
        }
      : {}),
    429: {
      description:
        "Rate limit of the key or of its tenant exceeded (counted over every gateway machine together), " +
        "or the tenant is at its concurrent-call limit (over every machine)",
      headers: {
        "Retry-After": {
          description: "Seconds until a request will be accepted again",
          schema: { type: "integer" },
        },
      },
    },
  };
}

/** Every /v1 operation lists the edge's failures, and every failure has the error body. */
export function completeFailures(doc: Document): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(item ?? {}) as Operation[]) {
      if (typeof operation !== "object" || operation === null || !operation.responses) continue;
      if (path.startsWith("/v1/")) {
        for (const [status, response] of Object.entries(edgeFailures(operation))) {
          operation.responses[status] ??= response;
        }
      }
      for (const [status, response] of Object.entries(operation.responses) as [
        string,
        Operation,
      ][]) {
        if (Number(status) >= 400 && response.content === undefined)
          response.content = ERROR_CONTENT;
      }
    }
  }
  return doc;
}

/** Serves the document built from the app's routes, made once on first request. */
export function openApiDocument<E extends Env>(app: Hono<E>, options: Options) {
  let doc: Promise<Document> | undefined;
  return async (c: Context) => {
    doc ??= generateSpecs(app, { ...options, defaultValidationErrorResponse: false }).then(
      completeFailures,
    );
    return c.json(await doc);
  };
}
