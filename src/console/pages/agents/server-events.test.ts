import { expect, test } from "bun:test";
import { readServerEvents, type ServerEvent } from "./server-events";

test("events split across chunks are read whole; comments and keep-alives are passed over", async () => {
  const chunks = [
    'id: 1\nevent: phase\ndata: {"phase":"connecting"}\n\n: keep-alive\n\nid: 2\nevent: tran',
    'script\ndata: {"role":"assistant","text":"Hello, thanks for calling","offsetMs":420}\n',
    '\nid: 3\nevent: ended\ndata: {"reason":"hung_up_by_api"}\n\n',
  ];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  const events: ServerEvent[] = [];
  await readServerEvents(stream, (event) => events.push(event));
  expect(events).toEqual([
    { id: 1, event: "phase", data: { phase: "connecting" } },
    {
      id: 2,
      event: "transcript",
      data: { role: "assistant", text: "Hello, thanks for calling", offsetMs: 420 },
    },
    { id: 3, event: "ended", data: { reason: "hung_up_by_api" } },
  ]);
});
