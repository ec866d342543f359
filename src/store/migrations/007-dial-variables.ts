import type { Migration } from "./migration";

export const dialVariables: Migration = {
  version: 7,
  name: "Outbound call variables kept while the call waits for the user's permission",
  statements: [
    // JSON object of the call request's variables; cleared with dial_to when the call ends.
    "ALTER TABLE calls ADD COLUMN dial_variables TEXT",
  ],
};
