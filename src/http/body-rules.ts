import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "./context";

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
  const isJson = type !== undefined && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);
  if ((type !== undefined && !isJson) || (type === undefined && announcesBody)) {
    throw new DomainError(
      "unsupported_media_type",
      `request body must be application/json, not ${type ? `'${type.split(";")[0]}'` : "untyped"}`,
    );
  }
  await next();
};
