import { expect, test } from "bun:test";
import { testSettings } from "../../../test/model-test-settings";
import { responseCreateEvent, sessionUpdateEvent } from "./session-config";

test("semantic VAD keeps eagerness and the response switches", () => {
  const event = sessionUpdateEvent(
    testSettings({
      turnDetection: {
        type: "semantic_vad",
        eagerness: "low",
        createResponse: false,
        interruptResponse: true,
      },
    }),
  );
  expect(event.session.type === "realtime" && event.session.audio?.input?.turn_detection).toEqual({
    type: "semantic_vad",
    eagerness: "low",
    create_response: false,
    interrupt_response: true,
  });
});

test("turn detection off is sent as null, so the client commits turns itself", () => {
  const event = sessionUpdateEvent(testSettings({ turnDetection: { type: "none" } }));
  expect(
    event.session.type === "realtime" && event.session.audio?.input?.turn_detection,
  ).toBeNull();
});

test("later updates leave the voice out unless asked, since it cannot change after audio", () => {
  const event = sessionUpdateEvent(testSettings(), { includeVoice: false });
  expect(event.session.type === "realtime" && event.session.audio?.output).toEqual({
    format: { type: "audio/pcm", rate: 24000 },
  });
});

test("a forced tool choice names the function", () => {
  const event = sessionUpdateEvent(testSettings({ toolChoice: { function: "book_table" } }));
  expect(event.session.type === "realtime" && event.session.tool_choice).toEqual({
    type: "function",
    name: "book_table",
  });
});

test("response.create carries its event id, and per-response fields only when given", () => {
  expect(responseCreateEvent("evt_1", {})).toEqual({ type: "response.create", event_id: "evt_1" });
  expect(responseCreateEvent("evt_2", { instructions: "Greet", toolChoice: "none" })).toEqual({
    type: "response.create",
    event_id: "evt_2",
    response: { instructions: "Greet", tool_choice: "none" },
  });
});
