import type { Db } from "../store/db";
import type { CallRef, ConversationPart } from "./conversation-parts";

/** The transcript: every message, tool records included; the search index follows by trigger. */
export function transcriptPart(db: Db): ConversationPart {
  return {
    name: "transcript",
    async erase(call: CallRef) {
      await db.execute({ sql: "DELETE FROM call_messages WHERE call_id = ?", args: [call.id] });
    },
    // One statement, one commit, for a whole batch.
    async eraseAll(calls: readonly CallRef[]) {
      if (calls.length === 0) return;
      await db.execute({
        sql: `DELETE FROM call_messages WHERE call_id IN (${calls.map(() => "?").join(", ")})`,
        args: calls.map((call) => call.id),
      });
    },
  };
}
