import type { Migration } from "./migration";

export const toolCalls: Migration = {
  version: 6,
  name: "Tool calls in the transcript, test calls answered by the draft",
  statements: [
    // A tool the model called, in line with the messages: name, arguments, outcome, duration.
    "ALTER TABLE call_messages ADD COLUMN tool TEXT",
    // Set when the draft answered (agent_version is then 0): which revision of it.
    "ALTER TABLE calls ADD COLUMN draft_revision INTEGER",
  ],
};
