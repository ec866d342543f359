import { createHash } from "node:crypto";

/**
 * How a tenant's public pages (the demo phone) look: a name, two colours and a logo. The logo
 * is uploaded and kept here, never linked: the service fetches nothing a tenant names for it,
 * and a caller's browser loads nothing from another site.
 */
export interface Brand {
  displayName: string | null;
  /** `#rrggbb`, lower case. */
  primaryColor: string | null;
  accentColor: string | null;
  logo: LogoInfo | null;
  updatedAt: string;
}

/** What is known about a stored logo, without its bytes. */
export interface LogoInfo {
  contentType: LogoType;
  bytes: number;
  width: number;
  height: number;
  /** Hex SHA-256 of the image: changes whenever the image does. */
  sha256: string;
}

export interface LogoImage extends LogoInfo {
  image: Uint8Array;
}

export type LogoType = "image/png" | "image/jpeg";

export const LOGO_MAX_BYTES = 65_536;
export const LOGO_MAX_SIDE = 1024;
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DATA_URL = /^data:([^;,]{1,100});base64,([A-Za-z0-9+/]*={0,2})$/;

/**
 * Reads a logo sent as `data:image/png;base64,…` (or image/jpeg): the image itself, checked to
 * be what it says by its bytes, small, and of sensible size. SVG is refused: it is a document
 * that can carry scripts, not just a picture. Returns the image, or what is wrong with it.
 */
export function readLogo(dataUrl: string): LogoImage | { problem: string } {
  if (/^(https?|ftp):/i.test(dataUrl)) {
    return {
      problem:
        "must be the image itself as a data: URL (data:image/png;base64,…), not a link to one",
    };
  }
  const match = DATA_URL.exec(dataUrl);
  if (!match?.[1] || match[2] === undefined) {
    return { problem: "must be a data: URL of a PNG or JPEG image, base64-encoded" };
  }
  const declared = match[1].toLowerCase();
  if (declared.startsWith("image/svg")) {
    return { problem: "must be a PNG or JPEG image; SVG is refused because it can carry scripts" };
  }
  if (declared !== "image/png" && declared !== "image/jpeg") {
    return { problem: "must be a PNG or JPEG image" };
  }
  const image = new Uint8Array(Buffer.from(match[2], "base64"));
  if (image.length === 0) return { problem: "must not be empty" };
  if (image.length > LOGO_MAX_BYTES) {
    return {
      problem: `must be at most ${LOGO_MAX_BYTES / 1024} KB (this one is ${Math.ceil(image.length / 1024)} KB)`,
    };
  }
  const size = declared === "image/png" ? pngSize(image) : jpegSize(image);
  if (!size) {
    return {
      problem: `is not a ${declared === "image/png" ? "PNG" : "JPEG"} image (its bytes say otherwise)`,
    };
  }
  const { width, height } = size;
  if (width < 1 || height < 1 || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) {
    return {
      problem: `must be at most ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels (this one is ${width}×${height})`,
    };
  }
  return {
    contentType: declared,
    image,
    bytes: image.length,
    width,
    height,
    sha256: createHash("sha256").update(image).digest("hex"),
  };
}

/** Width and height from a PNG's header chunk, which must come first; null if it is no PNG. */
function pngSize(image: Uint8Array): { width: number; height: number } | null {
  if (image.length < 24 || PNG_MAGIC.some((byte, i) => image[i] !== byte)) return null;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (String.fromCharCode(...image.subarray(12, 16)) !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Width and height from a JPEG's start-of-frame segment, found by walking the segments that
 * come before the image data; null if it is no JPEG or has no frame header there.
 */
function jpegSize(image: Uint8Array): { width: number; height: number } | null {
  if (image[0] !== 0xff || image[1] !== 0xd8) return null;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let at = 2;
  while (at + 4 <= image.length) {
    if (image[at] !== 0xff) return null;
    const marker = image[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = view.getUint16(at + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (at + 9 > image.length) return null;
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (marker === 0xda || length < 2) return null; // image data began with no frame header
    at += 2 + length;
  }
  return null;
}
