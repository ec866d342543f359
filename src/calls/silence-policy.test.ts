import { afterEach, beforeEach, describe, expect, jest, test } from "bun:test";
import { SilencePolicy } from "./silence-policy";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function policy(maxRetries = 2) {
  const said: string[] = [];
  const p = new SilencePolicy(10_000, maxRetries, {
    prompt: (n) => said.push(`prompt ${n}`),
    giveUp: () => said.push("goodbye"),
  });
  return { p, said };
}

describe("silence policy", () => {
  test("prompts after each silent stretch, then gives up", () => {
    const { p, said } = policy(2);
    p.agentFinished();
    jest.advanceTimersByTime(9_999);
    expect(said).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(said).toEqual(["prompt 1"]);
    p.agentSpeaking();
    p.agentFinished();
    jest.advanceTimersByTime(10_000);
    p.agentFinished();
    jest.advanceTimersByTime(10_000);
    expect(said).toEqual(["prompt 1", "prompt 2", "goodbye"]);
    p.agentFinished();
    jest.advanceTimersByTime(60_000);
    expect(said).toHaveLength(3);
  });

  test("the caller speaking resets the count; the agent speaking pauses it", () => {
    const { p, said } = policy(1);
    p.agentFinished();
    jest.advanceTimersByTime(10_000);
    p.callerSpoke();
    p.agentFinished();
    jest.advanceTimersByTime(10_000);
    expect(said).toEqual(["prompt 1", "prompt 1"]);
    p.agentSpeaking();
    jest.advanceTimersByTime(60_000);
    expect(said).toHaveLength(2);
  });

  test("stopping cancels everything", () => {
    const { p, said } = policy();
    p.agentFinished();
    p.stop();
    jest.advanceTimersByTime(60_000);
    expect(said).toEqual([]);
  });
});
