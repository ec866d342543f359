import { expect, test } from "bun:test";
import { eventually } from "../../../test/eventually";
import { LegRecorder } from "../../../test/leg-recorder";
import { testSettings } from "../../../test/model-test-settings";
import { memoryLogger } from "../../log/logger";
import { OpenAIModelLeg } from "./openai-model-leg";
import { pcmToBase64 } from "./pcm-base64";
import type { SocketFactory, SocketHandlers } from "./transport";

/** A socket factory whose sockets the test drives by hand. */
function scriptedSockets() {
  const sockets: { handlers: SocketHandlers; sent: string[]; closed: boolean }[] = [];
  const factory: SocketFactory = (_url, _headers, handlers) => {
    const socket = { handlers, sent: [] as string[], closed: false };
    sockets.push(socket);
    return {
      send: (text) => {
        socket.sent.push(text);
        return !socket.closed;
      },
      close: () => {
        socket.closed = true;
      },
    };
  };
  const say = (index: number, event: object) =>
    sockets[index]?.handlers.onMessage(JSON.stringify(event));
  return { sockets, factory, say };
}

const created = (id: string) => ({
  type: "session.created",
  event_id: "e",
  session: { type: "realtime", id },
});
const audioDelta = (itemId: string) => ({
  type: "response.output_audio.delta",
  event_id: "e",
  response_id: "resp_1",
  item_id: itemId,
  output_index: 0,
  content_index: 0,
  delta: pcmToBase64(new Int16Array(480)),
});

test("after a rotation, events from the replaced socket are ignored", async () => {
  const { sockets, factory, say } = scriptedSockets();
  const leg = new OpenAIModelLeg({
    apiKey: "k",
    socketFactory: factory,
    logger: memoryLogger().logger,
  });
  const rec = new LegRecorder(leg);
  const connecting = leg.connect(testSettings());
  say(0, created("sess_1"));
  await connecting;
  sockets[0]?.handlers.onClose(1001, "session expired");
  await eventually("second socket", () => sockets.length === 2);
  say(1, created("sess_2"));
  await rec.waitFor("sessionRotated");
  say(0, audioDelta("item_stale")); // a late message on the old socket
  say(1, audioDelta("item_fresh"));
  expect(rec.all("audio").map((a) => a.itemId)).toEqual(["item_fresh"]);
  expect(leg.state).toEqual({ status: "connected", sessionId: "sess_2", sessionNumber: 2 });
  await leg.close();
});

test("unknown or malformed server messages are logged, never thrown", async () => {
  const { factory, say } = scriptedSockets();
  const { logger, lines } = memoryLogger();
  const leg = new OpenAIModelLeg({ apiKey: "k", socketFactory: factory, logger });
  const rec = new LegRecorder(leg);
  const connecting = leg.connect(testSettings());
  say(0, created("sess_1"));
  await connecting;
  say(0, { type: "response.some_future_event", event_id: "e" });
  say(0, { type: "response.output_audio.delta", event_id: "e" }); // fields missing
  say(0, audioDelta("item_ok"));
  expect(rec.all("audio")).toHaveLength(1);
  expect(lines.some((l) => l.includes("response.some_future_event"))).toBe(true);
  expect(lines.some((l) => l.includes("malformed") && l.includes("missing"))).toBe(true);
  await leg.close();
});

test("closing the leg closes its socket and ends in the closed state once", async () => {
  const { sockets, factory, say } = scriptedSockets();
  const leg = new OpenAIModelLeg({
    apiKey: "k",
    socketFactory: factory,
    logger: memoryLogger().logger,
  });
  const rec = new LegRecorder(leg);
  const connecting = leg.connect(testSettings());
  say(0, created("sess_1"));
  await connecting;
  await leg.close("caller hung up");
  await leg.close("again");
  expect(sockets[0]?.closed).toBe(true);
  expect(rec.all("connectionState").at(-1)).toEqual({ status: "closed", reason: "caller hung up" });
  expect(rec.all("connectionState").filter((s) => s.status === "closed")).toHaveLength(1);
});

test("aborting the call's signal closes the leg, during connect or after", async () => {
  const { sockets, factory, say } = scriptedSockets();
  const early = new AbortController();
  const pending = new OpenAIModelLeg({
    apiKey: "k",
    socketFactory: factory,
    logger: memoryLogger().logger,
  });
  const failed = pending
    .connect(testSettings(), early.signal)
    .catch((error: Error) => error.message);
  early.abort();
  expect(await failed).toBe("model connect aborted");
  expect(pending.state.status).toBe("closed");

  const late = new AbortController();
  const leg = new OpenAIModelLeg({
    apiKey: "k",
    socketFactory: factory,
    logger: memoryLogger().logger,
  });
  const connecting = leg.connect(testSettings(), late.signal);
  say(1, created("sess_2"));
  await connecting;
  late.abort();
  expect(leg.state).toEqual({ status: "closed", reason: "aborted" });
  expect(sockets[1]?.closed).toBe(true);
});
