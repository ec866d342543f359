import { OpusDecoder } from "opus-decoder";

/** Rates libopus can decode to natively. */
export type OpusSampleRate = 8000 | 12000 | 16000 | 24000 | 48000;

/** What the OpusHead packet says about the stream (RFC 7845 section 5.1). */
export interface OpusHead {
  channels: number;
  /** Samples at 48 kHz to drop from the start of the decoded stream. */
  preSkip: number;
  mappingFamily: number;
}

/** Audio packets of one logical Ogg/Opus stream, with the head and the final granule. */
export interface OggOpusPackets {
  head: OpusHead;
  packets: Uint8Array[];
  /** Granule position (48 kHz samples, pre-skip included) of the last page, or -1 if unknown. */
  finalGranule: number;
}

const CAPTURE = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const PAGE_HEADER_BYTES = 27;
const OPUS_RATE = 48000;

/** Splits an Ogg/Opus file into Opus packets, joining packets that span pages. */
export function demuxOggOpus(bytes: Uint8Array): OggOpusPackets {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPackets: Uint8Array[] = [];
  let pending: Uint8Array[] = []; // pieces of a packet that is not finished yet
  let finalGranule = -1;
  let offset = 0;
  while (offset + PAGE_HEADER_BYTES <= bytes.length) {
    for (let i = 0; i < 4; i++) {
      if (bytes[offset + i] !== CAPTURE[i]) throw new Error(`Ogg: no page at byte ${offset}`);
    }
    const segmentCount = view.getUint8(offset + 26);
    const tableStart = offset + PAGE_HEADER_BYTES;
    let dataOffset = tableStart + segmentCount;
    // A granule of -1 marks a page on which no packet ends; keep the last real one.
    const granule = view.getBigInt64(offset + 6, true);
    if (granule >= 0n) finalGranule = Number(granule);
    for (let s = 0; s < segmentCount; s++) {
      const lacing = view.getUint8(tableStart + s);
      if (dataOffset + lacing > bytes.length) throw new Error("Ogg: page is cut short");
      pending.push(bytes.subarray(dataOffset, dataOffset + lacing));
      dataOffset += lacing;
      if (lacing < 255) {
        rawPackets.push(joinPieces(pending));
        pending = [];
      }
    }
    offset = dataOffset;
  }
  const [headPacket, , ...packets] = rawPackets; // second packet is OpusTags
  if (!headPacket) throw new Error("Ogg: no packets");
  return { head: parseOpusHead(headPacket), packets, finalGranule };
}

function parseOpusHead(packet: Uint8Array): OpusHead {
  const magic = new TextDecoder().decode(packet.subarray(0, 8));
  if (magic !== "OpusHead" || packet.length < 19)
    throw new Error("Ogg: first packet is not OpusHead");
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return {
    channels: view.getUint8(9),
    preSkip: view.getUint16(10, true),
    mappingFamily: view.getUint8(18),
  };
}

function joinPieces(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1 && pieces[0]) return pieces[0];
  const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * Decodes a mono or stereo Ogg/Opus file to mono PCM16 at `sampleRate`, with the encoder's
 * pre-skip removed from the start and the padding past the final granule cut from the end.
 */
export async function decodeOggOpus(
  bytes: Uint8Array,
  sampleRate: OpusSampleRate,
): Promise<Int16Array> {
  const channels = await decodeOggOpusChannels(bytes, sampleRate);
  return toMonoPcm16(channels, 0, channels[0]?.length ?? 0);
}

/** Decodes an Ogg/Opus file to one float array per channel, pre-skip and end padding trimmed. */
export async function decodeOggOpusChannels(
  bytes: Uint8Array,
  sampleRate: OpusSampleRate,
): Promise<Float32Array[]> {
  const { head, packets, finalGranule } = demuxOggOpus(bytes);
  if (head.mappingFamily !== 0) throw new Error("Ogg: only Opus channel mapping family 0");
  const decoder = new OpusDecoder({
    sampleRate,
    channels: head.channels,
    streamCount: 1,
    coupledStreamCount: head.channels - 1,
    channelMappingTable: head.channels === 2 ? [0, 1] : [0],
    preSkip: 0, // trimmed below, so the arithmetic is visible here
  });
  await decoder.ready;
  try {
    const decoded = decoder.decodeFrames(packets);
    const scale = sampleRate / OPUS_RATE;
    const start = Math.round(head.preSkip * scale);
    const wanted = finalGranule >= 0 ? Math.round((finalGranule - head.preSkip) * scale) : Infinity;
    const end = Math.max(start, Math.min(decoded.samplesDecoded, start + wanted));
    return decoded.channelData.map((channel) => channel.slice(start, end));
  } finally {
    decoder.free();
  }
}

function toMonoPcm16(channels: Float32Array[], start: number, end: number): Int16Array {
  const out = new Int16Array(end - start);
  const count = channels.length;
  for (let i = start; i < end; i++) {
    let sum = 0;
    for (const channel of channels) sum += channel[i] ?? 0;
    const sample = Math.max(-1, Math.min(1, sum / count));
    out[i - start] = Math.round(sample * 32767);
  }
  return out;
}
