import type { ConversationItem } from "openai/resources/realtime/realtime";

type Entry =
  | { kind: "user"; itemId: string; text: string }
  | { kind: "assistant"; itemId: string; text: string }
  | { kind: "function_call"; itemId: string; callId: string; name: string; args: string }
  | { kind: "function_call_output"; callId: string; output: string };

/**
 * The conversation so far, as text, in the order the server placed the items: what a new
 * provider session needs re-injected to carry on (after rotation or a dropped socket). It holds
 * what the server produced (caller turns, assistant turns, tool calls) and the tool outputs the
 * client sent; items it re-injects itself are not recorded again.
 */
export class ConversationMemory {
  private readonly entries: Entry[] = [];

  constructor(private readonly maxItems = 200) {}

  /** A caller turn was committed; its text follows with the transcription. */
  userItem(itemId: string): void {
    if (!this.find(itemId)) this.entries.push({ kind: "user", itemId, text: "" });
  }

  userTranscript(itemId: string, text: string): void {
    const entry = this.find(itemId);
    if (entry?.kind === "user") entry.text = text;
    else if (!entry) this.entries.push({ kind: "user", itemId, text });
  }

  assistantItem(itemId: string): void {
    if (!this.find(itemId)) this.entries.push({ kind: "assistant", itemId, text: "" });
  }

  /** The assistant's words so far (deltas) or in full (done). */
  assistantText(itemId: string, text: string, mode: "append" | "replace"): void {
    const entry = this.find(itemId);
    if (entry?.kind !== "assistant") return;
    entry.text = mode === "append" ? entry.text + text : text;
  }

  functionCall(itemId: string, callId: string, name: string, args: string): void {
    const entry = this.find(itemId);
    if (entry?.kind === "function_call") Object.assign(entry, { callId, name, args });
    else if (!entry) this.entries.push({ kind: "function_call", itemId, callId, name, args });
  }

  functionCallOutput(callId: string, output: string): void {
    this.entries.push({ kind: "function_call_output", callId, output });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Items to send with `conversation.item.create`, oldest first, empty turns left out. */
  toItems(): ConversationItem[] {
    const items: ConversationItem[] = [];
    for (const entry of this.entries) {
      const item = toItem(entry);
      if (item) items.push(item);
    }
    const recent = items.slice(-this.maxItems);
    // A tool output without its call would be refused: drop such orphans at the cut.
    while (recent[0]?.type === "function_call_output") recent.shift();
    return recent;
  }

  private find(itemId: string): Entry | undefined {
    return this.entries.find((e) => e.kind !== "function_call_output" && e.itemId === itemId);
  }
}

function toItem(entry: Entry): ConversationItem | null {
  switch (entry.kind) {
    case "user":
      if (!entry.text) return null;
      return { type: "message", role: "user", content: [{ type: "input_text", text: entry.text }] };
    case "assistant":
      if (!entry.text) return null;
      return {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: entry.text }],
      };
    case "function_call":
      return {
        type: "function_call",
        call_id: entry.callId,
        name: entry.name,
        arguments: entry.args,
      };
    case "function_call_output":
      return { type: "function_call_output", call_id: entry.callId, output: entry.output };
  }
}
