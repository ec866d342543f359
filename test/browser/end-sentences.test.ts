import { expect, test } from "bun:test";
import type { EndReason } from "../../src/domain/call";

// Every reason a call can end with; the type makes this list grow with EndReason.
const EVERY_REASON: Record<EndReason, true> = {
  caller_hung_up: true,
  agent_ended: true,
  hung_up_by_api: true,
  silence_timeout: true,
  max_duration: true,
  model_unavailable: true,
  media_failed: true,
  connect_timeout: true,
  provider_terminated: true,
  rejected: true,
  quota_exceeded: true,
  no_answer: true,
  no_permission: true,
  permission_rejected: true,
  provider_failed: true,
  gateway_shutdown: true,
  gateway_restarted: true,
  error: true,
};

const page = (await import(new URL("../../static/end-reasons.js", import.meta.url).href)) as {
  endSentence(reason: string | undefined): string;
};

test("the demo page ends every call with a sentence of its own, not a reason code", () => {
  const sentences = Object.keys(EVERY_REASON).map((reason) => page.endSentence(reason));
  for (const sentence of sentences) {
    expect(sentence).toMatch(/^[A-Z][^_]*\.$/);
    expect(sentence).not.toBe(page.endSentence(undefined));
  }
  expect(page.endSentence("agent_ended")).toBe("The agent ended the call.");
  expect(page.endSentence("max_duration")).toBe("The call reached its time limit.");
  expect(page.endSentence("something_new")).toBe("The call ended.");
});
