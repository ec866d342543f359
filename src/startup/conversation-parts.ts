import type { BlobStore } from "../blobs/blob-store";
import type { ConversationPart } from "../retention/conversation-parts";
import { transcriptPart } from "../retention/transcript-part";
import type { Stores } from "../store/stores";

/**
 * Everything a conversation holds that deleting it erases, and that retention erases by name
 * ("transcript", "recording"). Each kind of stored content adds its part here.
 */
export function conversationParts(stores: Stores, _blobs: BlobStore): ConversationPart[] {
  return [
    transcriptPart(stores.db),
    {
      name: "analysis",
      async erase(call) {
        await stores.callAnalyses.erase(call.id);
      },
    },
  ];
}
