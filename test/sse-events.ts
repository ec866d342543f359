/** The complete events in a server-sent event stream's text. */
export function parseEvents(text: string): Array<{ id: number; event: string; data: any }> {
  const blocks = text.split("\n\n").slice(0, -1);
  return blocks.map((block) => {
    const field = (name: string) =>
      block
        .split("\n")
        .find((line) => line.startsWith(`${name}: `))
        ?.slice(name.length + 2) ?? "";
    return { id: Number(field("id")), event: field("event"), data: JSON.parse(field("data")) };
  });
}

/** The stream read until `needle` appears, it ends, or `timeoutMs` passes; then let go. */
export async function readUntil(res: Response, needle: string, timeoutMs: number): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(needle) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}
