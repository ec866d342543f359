/** Which call a part is erased from; the tenant lets a part find tenant-scoped storage. */
export interface CallRef {
  id: string;
  tenantId: string;
}

/**
 * One kind of content a conversation holds (its transcript, recording, analysis), with the way
 * to erase it. Deleting a conversation erases every part; retention erases the parts named
 * "transcript" or "recording" once they are old enough. `erase` must be safe to run twice and
 * succeed when there is nothing to erase.
 */
export interface ConversationPart {
  readonly name: "transcript" | "recording" | "analysis";
  erase(call: CallRef): Promise<void>;
  /** Optional: erases many calls' content at once (the retention sweep's batches). */
  eraseAll?(calls: readonly CallRef[]): Promise<void>;
}
