/**
 * The realtime WebSocket URL for a REST base URL: `https://api.openai.com/v1` becomes
 * `wss://api.openai.com/v1/realtime?model=gpt-realtime`; plain http becomes ws, so a local
 * simulator at `http://127.0.0.1:PORT/v1` is reached by the same code.
 */
export function realtimeUrl(baseUrl: string, model: string): string {
  const url = new URL(baseUrl);
  switch (url.protocol) {
    case "https:":
    case "wss:":
      url.protocol = "wss:";
      break;
    case "http:":
    case "ws:":
      url.protocol = "ws:";
      break;
    default:
      throw new Error(`Unsupported protocol in model base URL: ${url.protocol}`);
  }
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/realtime`;
  url.search = "";
  url.searchParams.set("model", model);
  return url.toString();
}
