/** One server-sent event: its id, name and JSON data. */
export interface ServerEvent {
  id: number | null;
  event: string;
  data: unknown;
}

/**
 * Reads server-sent events from `stream` and hands each complete one to `onEvent`; returns
 * when the stream ends. Only what the gateway sends is read: `id`, `event` and one `data` line.
 */
export async function readServerEvents(
  stream: ReadableStream<Uint8Array>,
  onEvent: (event: ServerEvent) => void,
): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replaceAll("\r\n", "\n");
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trimStart();
      const event = field("event");
      const data = field("data");
      if (event === undefined || data === undefined) continue;
      const id = field("id");
      onEvent({ id: id === undefined ? null : Number(id), event, data: JSON.parse(data) });
    }
  }
}
