import { expect, test } from "bun:test";
import { realtimeUrl } from "./realtime-url";

test("https base URL becomes the wss realtime endpoint", () => {
  expect(realtimeUrl("https://api.openai.com/v1", "gpt-realtime")).toBe(
    "wss://api.openai.com/v1/realtime?model=gpt-realtime",
  );
});

test("http base URL (a local simulator) becomes ws, trailing slash or not", () => {
  expect(realtimeUrl("http://127.0.0.1:4010/v1/", "gpt-realtime-mini")).toBe(
    "ws://127.0.0.1:4010/v1/realtime?model=gpt-realtime-mini",
  );
});

test("an unsupported scheme is refused with a clear message", () => {
  expect(() => realtimeUrl("ftp://example.com/v1", "gpt-realtime")).toThrow(/ftp:/);
});
