import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DomainError, invalid } from "../domain/errors";
import type { AppEnv } from "./context";
import {
  checkJsonShape,
  DEFAULT_JSON_SHAPE,
  describePath,
  type JsonShapeLimits,
} from "./json-shape";

const isJson = (type: string | undefined) =>
  type !== undefined && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);

/** 413 for bodies over the configured size, checked while the body streams in. */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new DomainError("payload_too_large", `request body is larger than ${maxBytes} bytes`);
    },
  });
}

/** 415 for a request that carries a body in anything but JSON. */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async function jsonOnly(c, next) {
  const type = c.req.header("content-type");
  const announcesBody =
    c.req.header("transfer-encoding") !== undefined ||
    Number(c.req.header("content-length") ?? 0) > 0;
  if ((type !== undefined && !isJson(type)) || (type === undefined && announcesBody)) {
    throw new DomainError(
      "unsupported_media_type",
      `request body must be application/json, not ${type ? `'${type.split(";")[0]}'` : "untyped"}`,
    );
  }
  await next();
};

/**
 * 400 for a JSON body too deep, too wide or with too long a string, before it is parsed; names
 * the field. Reading the text here caches it, so the route's validator parses it only once.
 */
export function limitJsonShape(
  limits: JsonShapeLimits = DEFAULT_JSON_SHAPE,
): MiddlewareHandler<AppEnv> {
  return async function jsonShape(c, next) {
    if (c.req.raw.body !== null && isJson(c.req.header("content-type"))) {
      const problem = checkJsonShape(await c.req.text(), limits);
      if (problem) {
        const field = describePath("body", problem.path);
        throw invalid(`${field}: ${problem.message}`, {
          issues: [{ field, message: problem.message }],
        });
      }
    }
    await next();
  };
}

const isForm = (type: string | undefined) =>
  type !== undefined && /^multipart\/form-data\b/i.test(type);

/** 415 for an upload in anything but JSON or multipart/form-data (for the upload route only). */
export const requireJsonOrFormBody: MiddlewareHandler<AppEnv> = async function jsonOrForm(c, next) {
  const type = c.req.header("content-type");
  const announcesBody =
    c.req.header("transfer-encoding") !== undefined ||
    Number(c.req.header("content-length") ?? 0) > 0;
  if (
    (type !== undefined && !isJson(type) && !isForm(type)) ||
    (type === undefined && announcesBody)
  ) {
    throw new DomainError(
      "unsupported_media_type",
      `request body must be application/json or multipart/form-data, not ${type ? `'${type.split(";")[0]}'` : "untyped"}`,
    );
  }
  await next();
};
