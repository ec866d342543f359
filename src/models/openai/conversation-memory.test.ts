import { expect, test } from "bun:test";
import { ConversationMemory } from "./conversation-memory";

test("turns come back in server order with their text, even when transcripts arrive late", () => {
  const memory = new ConversationMemory();
  memory.userItem("item_u1");
  memory.assistantItem("item_a1"); // the reply started before the caller's transcript arrived
  memory.userTranscript("item_u1", "what time do you open");
  memory.assistantText("item_a1", "We open ", "append");
  memory.assistantText("item_a1", "at nine.", "append");
  expect(memory.toItems()).toEqual([
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "what time do you open" }],
    },
    {
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "We open at nine." }],
    },
  ]);
});

test("tool calls and their outputs are kept; turns without words are left out", () => {
  const memory = new ConversationMemory();
  memory.userItem("item_silent");
  memory.functionCall("item_f", "call_1", "book_table", '{"people":2}');
  memory.functionCallOutput("call_1", '{"ok":true}');
  expect(memory.toItems().map((i) => i.type)).toEqual(["function_call", "function_call_output"]);
});

test("only the most recent items are kept, never starting with an orphan tool output", () => {
  const memory = new ConversationMemory(2);
  memory.userTranscript("item_u1", "one");
  memory.functionCall("item_f", "call_1", "lookup", "{}");
  memory.functionCallOutput("call_1", "result");
  memory.userTranscript("item_u2", "two");
  const items = memory.toItems();
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ role: "user", content: [{ text: "two" }] });
});
