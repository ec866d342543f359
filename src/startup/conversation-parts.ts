import type { Recordings } from "../recording/recordings";
import type { ConversationPart } from "../retention/conversation-parts";
import { transcriptPart } from "../retention/transcript-part";
import type { Stores } from "../store/stores";

/**
 * Everything a conversation holds that deleting it erases, and that retention erases by name
 * ("transcript", "recording"). Each kind of stored content adds its part here.
 */
export function conversationParts(
  stores: Stores,
  recordings: Pick<Recordings, "erase">,
): ConversationPart[] {
  return [
    transcriptPart(stores.db),
    {
      name: "recording",
      async erase(call) {
        await recordings.erase(call.id);
      },
    },
    {
      name: "analysis",
      async erase(call) {
        await stores.callAnalyses.erase(call.id);
      },
    },
  ];
}
