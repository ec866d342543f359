import { describe, expect, test } from "bun:test";
import { type ResponseRequest, ResponseSequencer } from "./response-sequencer";

function harness(canSend = () => true) {
  const sent: ResponseRequest[] = [];
  const sequencer = new ResponseSequencer((request) => {
    if (!canSend()) return false;
    sent.push(request);
    return true;
  });
  return { sequencer, sent };
}

describe("ResponseSequencer", () => {
  test("a request with nothing active is sent at once", () => {
    const { sequencer, sent } = harness();
    sequencer.request({ instructions: "Greet the caller" });
    expect(sent.map((r) => r.options.instructions)).toEqual(["Greet the caller"]);
    expect(sequencer.phase.phase).toBe("requested");
  });

  test("a second request while one is active waits for response.done", () => {
    const { sequencer, sent } = harness();
    sequencer.request({ instructions: "first" });
    sequencer.onCreated("resp_1");
    sequencer.request({ instructions: "second" });
    expect(sent).toHaveLength(1);
    expect(sequencer.queued).toBe(1);
    sequencer.onDone();
    expect(sent.map((r) => r.options.instructions)).toEqual(["first", "second"]);
  });

  test("a request made before response.created also waits", () => {
    const { sequencer, sent } = harness();
    sequencer.request();
    sequencer.request();
    expect(sent).toHaveLength(1);
  });

  test("a server-started response (VAD) blocks requests until it is done", () => {
    const { sequencer, sent } = harness();
    sequencer.onCreated("resp_vad");
    sequencer.request({ instructions: "after" });
    expect(sent).toHaveLength(0);
    sequencer.onDone();
    expect(sent).toHaveLength(1);
  });

  test("a request that lost the race to a VAD response is sent again after it", () => {
    const { sequencer, sent } = harness();
    const ours = sequencer.request({ instructions: "ours" });
    sequencer.onCreated("resp_vad"); // the server's own response arrived first
    expect(sequencer.onError(ours.eventId, "conversation_already_has_active_response")).toBe(true);
    expect(sent).toHaveLength(1);
    sequencer.onDone();
    expect(sent.map((r) => r.eventId)).toEqual([ours.eventId, ours.eventId]);
  });

  test("a request rejected for another reason is dropped and the next one goes", () => {
    const { sequencer, sent } = harness();
    const bad = sequencer.request({ instructions: "bad" });
    sequencer.request({ instructions: "good" });
    expect(sequencer.onError(bad.eventId, "invalid_value")).toBe(true);
    expect(sent.map((r) => r.options.instructions)).toEqual(["bad", "good"]);
  });

  test("errors about other events are not taken as rejections", () => {
    const { sequencer } = harness();
    sequencer.request();
    expect(sequencer.onError("evt_other", "invalid_value")).toBe(false);
    expect(sequencer.onError(undefined, "conversation_already_has_active_response")).toBe(false);
  });

  test("requests made while the socket is down are sent after reset and pump", () => {
    let up = false;
    const { sequencer, sent } = harness(() => up);
    sequencer.request({ instructions: "queued while down" });
    expect(sent).toHaveLength(0);
    up = true;
    sequencer.reset();
    sequencer.pump();
    expect(sent.map((r) => r.options.instructions)).toEqual(["queued while down"]);
  });

  test("a request in flight when the session is replaced is asked again first", () => {
    const { sequencer, sent } = harness();
    sequencer.request({ instructions: "lost in flight" });
    sequencer.reset();
    sequencer.pump();
    expect(sent.map((r) => r.options.instructions)).toEqual(["lost in flight", "lost in flight"]);
  });

  test("an active response lost with its session is not waited for", () => {
    const { sequencer, sent } = harness();
    sequencer.onCreated("resp_gone");
    sequencer.request();
    sequencer.reset();
    sequencer.pump();
    expect(sent).toHaveLength(1);
  });

  test("tool results arriving together while a response runs ask for one response, not several", () => {
    const { sequencer, sent } = harness();
    sequencer.onCreated("resp_with_two_calls");
    sequencer.request({}, true);
    sequencer.request({}, true);
    sequencer.onDone();
    expect(sent).toHaveLength(1);
    sequencer.onCreated("resp_answer");
    sequencer.request({}, true); // a later tool result gets its own response
    sequencer.onDone();
    expect(sent).toHaveLength(2);
  });

  test("explicit requests are never merged", () => {
    const { sequencer, sent } = harness();
    sequencer.onCreated("resp_busy");
    sequencer.request({ instructions: "a" });
    sequencer.request({ instructions: "b" });
    expect(sequencer.queued).toBe(2);
    sequencer.onDone();
    sequencer.onCreated("resp_a");
    sequencer.onDone();
    expect(sent.map((r) => r.options.instructions)).toEqual(["a", "b"]);
  });
});
