import type { RecordedClientEvent } from "../src/models/simulator/server";

/** What a model simulator was told: each session.update's and response.create's instructions. */
export function promptsSent(events: readonly RecordedClientEvent[]) {
  const sessions: string[] = [];
  const responses: string[] = [];
  for (const { event } of events) {
    if (event.type === "session.update" && event.session.type === "realtime") {
      if (event.session.instructions !== undefined) sessions.push(event.session.instructions);
    }
    if (event.type === "response.create" && event.response?.instructions) {
      responses.push(event.response.instructions);
    }
  }
  return { sessions, responses };
}
