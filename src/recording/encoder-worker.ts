// The worker thread that encodes every call's recording: messages in, Ogg pages out.

import { joinBytes } from "./encoders";
import { StereoOggEncoder } from "./stereo-ogg-encoder";
import type { EncoderReply, EncoderRequest } from "./worker-encoders";

declare const self: Worker;

const streams = new Map<string, StereoOggEncoder>();

self.onmessage = (event: MessageEvent<EncoderRequest>) => {
  const request = event.data;
  if (request.kind === "open") {
    streams.set(request.streamId, new StereoOggEncoder(request.serial));
    return;
  }
  if (request.kind === "close") {
    streams.get(request.streamId)?.dispose();
    streams.delete(request.streamId);
    return;
  }
  let reply: EncoderReply;
  try {
    const stream = streams.get(request.streamId);
    if (!stream) throw new Error(`no recording stream ${request.streamId}`);
    const pages = joinBytes(stream.encode(request.pcm, request));
    reply = { requestId: request.requestId, pages };
    self.postMessage(reply, [pages.buffer]);
  } catch (error) {
    reply = { requestId: request.requestId, error: String(error) };
    self.postMessage(reply);
  }
};
