// How long callers waited for each reply, read off a call's transcript lines. Pure, so the
// server's latency figures and the console's per-call chart count turns the same way.

/** A transcript line on the call clock (ms), as stored. */
export interface TranscriptLine {
  role: "user" | "assistant";
  startMs: number | null;
  endMs: number | null;
}

/**
 * The waits in one call, in the order they happened: each agent line that starts after a caller
 * line ended (and before the next caller line ends) is one reply to it. Lines are stored as their
 * text arrives, which is not always the order they were spoken in, so they are put on the call
 * clock first. The greeting, and a second reply to the same words, are not turns.
 */
export function replyGaps(lines: readonly TranscriptLine[]): number[] {
  const moments: Array<{ at: number; kind: "caller_done" | "agent_starts" }> = [];
  for (const line of lines) {
    if (line.role === "user" && line.endMs !== null)
      moments.push({ at: line.endMs, kind: "caller_done" });
    if (line.role === "assistant" && line.startMs !== null)
      moments.push({ at: line.startMs, kind: "agent_starts" });
  }
  // At the same instant the caller's end comes first: a reply cannot precede what it answers.
  moments.sort((a, b) => a.at - b.at || (a.kind === "caller_done" ? -1 : 1));
  const gaps: number[] = [];
  let waitingSince: number | null = null;
  for (const moment of moments) {
    if (moment.kind === "caller_done") waitingSince = moment.at;
    else if (waitingSince !== null) {
      gaps.push(moment.at - waitingSince);
      waitingSince = null;
    }
  }
  return gaps;
}
