import type { Context } from "hono";
import type { LogoImage } from "../../domain/brand";
import { notFound } from "../../domain/errors";
import type { AppEnv } from "../context";

/**
 * A stored logo as an image response. The bytes were checked to be a PNG or JPEG when uploaded;
 * the headers still make sure a browser never reads them as anything but that image.
 */
export function sendLogo(c: Context<AppEnv>, logo: LogoImage | null): Response {
  if (!logo) throw notFound("logo");
  const etag = `"${logo.sha256}"`;
  const headers = {
    "content-type": logo.contentType,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cache-control": "private, max-age=300",
    etag,
  };
  if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.image), { status: 200, headers });
}
