import { expect, test } from "bun:test";
import { WORKING_CUES } from "../domain/agent-config";
import { loadWorkingCues } from "./working-cues";

test("every cue an agent can choose decodes to a quiet sound with a pause before it repeats", async () => {
  const cues = await loadWorkingCues();
  expect([...cues.keys()]).toEqual([...WORKING_CUES]);
  for (const pcm of cues.values()) {
    const peak = pcm.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    // Audible, but well under speech: peaks near -20 dBFS, never above -14.
    expect(peak).toBeGreaterThan(32767 * 0.03);
    expect(peak).toBeLessThan(32767 * 0.2);
    // At least a second per loop, the last third of it silent.
    expect(pcm.length).toBeGreaterThanOrEqual(48_000);
    const tail = pcm.subarray(Math.round(pcm.length * 0.67));
    expect(tail.every((s) => Math.abs(s) < 100)).toBe(true);
  }
});
