import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AgentConfigSchema } from "./agent-config";

const knowledge = (settings: Record<string, unknown>) =>
  v.safeParse(AgentConfigSchema, { knowledge: settings });
const messages = (settings: Record<string, unknown>) => {
  const result = knowledge(settings);
  return result.success ? [] : result.issues.map((i) => i.message);
};

describe("an agent's knowledge settings", () => {
  test("name collections, and an external source with what it needs", () => {
    const parsed = knowledge({ collections: ["kbc_01k8bs4mn0000ywc66dkedg"] });
    expect(parsed.success && parsed.output.knowledge).toEqual({
      collections: ["kbc_01k8bs4mn0000ywc66dkedg"],
      provider: "none",
      timeoutMs: 3000,
      turnBudgetMs: 300,
      topK: 4,
    });
    expect(knowledge({ provider: "dify", credential: "dify-main" }).success).toBe(true);
    expect(knowledge({ provider: "rag", url: "https://rag.example.com/retrieve" }).success).toBe(
      true,
    );
  });

  test("refuse a source without what it needs, and ids that are not collections", () => {
    expect(messages({ provider: "rag" })).toEqual(["provider rag needs a url"]);
    expect(messages({ provider: "dify" })).toEqual([
      "provider dify needs a credential (of kind dify)",
    ]);
    expect(knowledge({ collections: ["agt_01k8bs4mn0000ywc66dkedg"] }).success).toBe(false);
    expect(
      knowledge({ collections: Array.from({ length: 21 }, () => "kbc_01k8bs4mn0000ywc66dkedg") })
        .success,
    ).toBe(false);
  });
});
