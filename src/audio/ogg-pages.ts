// Writing Ogg pages (RFC 3533) that carry an Opus stream (RFC 7845), and reading them back one
// page at a time, so that a recording can be written as it goes and closed after a crash.

const PAGE_HEADER_BYTES = 27;
const MAX_SEGMENTS = 255;
const FLAG_CONTINUED = 0x01;
const FLAG_BOS = 0x02;
const FLAG_EOS = 0x04;

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ (bytes[i] ?? 0)) & 0xff] ?? 0)) >>> 0;
  }
  return crc;
}

export interface PageOptions {
  serial: number;
  sequence: number;
  /** 48 kHz samples up to the end of the last packet that ends on this page (pre-skip included). */
  granule: number;
  bos?: boolean;
  eos?: boolean;
}

/** One Ogg page holding whole packets (at most 255 lacing values' worth). */
export function oggPage(packets: readonly Uint8Array[], options: PageOptions): Uint8Array {
  const lacing: number[] = [];
  let bodyBytes = 0;
  for (const packet of packets) {
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
    bodyBytes += packet.length;
  }
  if (lacing.length > MAX_SEGMENTS) throw new Error("Ogg: too many packets for one page");
  const page = new Uint8Array(PAGE_HEADER_BYTES + lacing.length + bodyBytes);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
  page[5] = (options.bos ? FLAG_BOS : 0) | (options.eos ? FLAG_EOS : 0);
  view.setBigInt64(6, BigInt(options.granule), true);
  view.setUint32(14, options.serial >>> 0, true);
  view.setUint32(18, options.sequence >>> 0, true);
  page[26] = lacing.length;
  page.set(lacing, PAGE_HEADER_BYTES);
  let at = PAGE_HEADER_BYTES + lacing.length;
  for (const packet of packets) {
    page.set(packet, at);
    at += packet.length;
  }
  view.setUint32(22, oggCrc(page), true);
  return page;
}

/** Most packets of 20 ms that one page takes: 255 segments, and a packet may need two. */
export const MAX_PACKETS_PER_PAGE = 127;

/** The OpusHead packet (RFC 7845 section 5.1), channel mapping family 0. */
export function opusHeadPacket(channels: 1 | 2, preSkip: number, inputRate: number): Uint8Array {
  const packet = new Uint8Array(19);
  const view = new DataView(packet.buffer);
  packet.set(new TextEncoder().encode("OpusHead"), 0);
  packet[8] = 1; // version
  packet[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, inputRate, true);
  view.setInt16(16, 0, true); // output gain
  packet[18] = 0; // mapping family
  return packet;
}

/** The OpusTags packet (RFC 7845 section 5.2) with a vendor string and the given comments. */
export function opusTagsPacket(vendor: string, comments: readonly string[] = []): Uint8Array {
  const encoder = new TextEncoder();
  const vendorBytes = encoder.encode(vendor);
  const commentBytes = comments.map((c) => encoder.encode(c));
  const size = 8 + 4 + vendorBytes.length + 4 + commentBytes.reduce((s, c) => s + 4 + c.length, 0);
  const packet = new Uint8Array(size);
  const view = new DataView(packet.buffer);
  packet.set(encoder.encode("OpusTags"), 0);
  let at = 8;
  view.setUint32(at, vendorBytes.length, true);
  packet.set(vendorBytes, at + 4);
  at += 4 + vendorBytes.length;
  view.setUint32(at, commentBytes.length, true);
  at += 4;
  for (const comment of commentBytes) {
    view.setUint32(at, comment.length, true);
    packet.set(comment, at + 4);
    at += 4 + comment.length;
  }
  return packet;
}

/** Where one page sits in a buffer, and what its header says. */
export interface PageInfo {
  offset: number;
  length: number;
  granule: number;
  serial: number;
  sequence: number;
  eos: boolean;
  bos: boolean;
  continued: boolean;
}

/**
 * The whole, intact pages at the start of `bytes`: reading stops at the first page that is cut
 * short or whose CRC does not match (the tail of a write interrupted by a crash).
 */
export function intactPages(bytes: Uint8Array): PageInfo[] {
  const pages: PageInfo[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + PAGE_HEADER_BYTES <= bytes.length) {
    if (view.getUint32(offset, false) !== 0x4f676753) break;
    const segments = view.getUint8(offset + 26);
    if (offset + PAGE_HEADER_BYTES + segments > bytes.length) break;
    let body = 0;
    for (let s = 0; s < segments; s++) body += view.getUint8(offset + PAGE_HEADER_BYTES + s);
    const length = PAGE_HEADER_BYTES + segments + body;
    if (offset + length > bytes.length) break;
    const page = bytes.slice(offset, offset + length);
    const stored = view.getUint32(offset + 22, true);
    new DataView(page.buffer).setUint32(22, 0, true);
    if (oggCrc(page) !== stored) break;
    const flags = view.getUint8(offset + 5);
    pages.push({
      offset,
      length,
      granule: Number(view.getBigInt64(offset + 6, true)),
      serial: view.getUint32(offset + 14, true),
      sequence: view.getUint32(offset + 18, true),
      eos: (flags & FLAG_EOS) !== 0,
      bos: (flags & FLAG_BOS) !== 0,
      continued: (flags & FLAG_CONTINUED) !== 0,
    });
    offset += length;
  }
  return pages;
}

/**
 * A copy of the page at `page` in `bytes` with the end-of-stream flag set (and the granule
 * changed to `granule` if given) and its CRC redone.
 */
export function withEndOfStream(bytes: Uint8Array, page: PageInfo, granule?: number): Uint8Array {
  const copy = bytes.slice(page.offset, page.offset + page.length);
  const view = new DataView(copy.buffer);
  copy[5] = (copy[5] ?? 0) | FLAG_EOS;
  if (granule !== undefined) view.setBigInt64(6, BigInt(granule), true);
  view.setUint32(22, 0, true);
  view.setUint32(22, oggCrc(copy), true);
  return copy;
}

/** The pre-skip an OpusHead page declares, or null if `bytes` does not start with one. */
export function preSkipOf(bytes: Uint8Array): number | null {
  const [first] = intactPages(bytes);
  if (!first) return null;
  const segments = bytes[first.offset + 26] ?? 0;
  const start = first.offset + PAGE_HEADER_BYTES + segments;
  const magic = new TextDecoder().decode(bytes.subarray(start, start + 8));
  if (magic !== "OpusHead") return null;
  return new DataView(bytes.buffer, bytes.byteOffset + start).getUint16(10, true);
}
