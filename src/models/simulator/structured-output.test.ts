import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { conformanceProblem } from "../../analysis/schema-conformance";
import {
  fieldsSchemaProblem,
  type JsonSchema,
  MAX_FIELD_LEVELS,
  strictFieldsSchema,
} from "../../domain/analysis-fields";
import { type ModelSimulator, startModelSimulator } from "./server";
import { conversationOf, simulatedValue, strictSchemaProblem } from "./structured-output";

/** A small seeded generator, so a failing schema can be made again. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An arbitrary fields schema within the bounds an agent may use. */
function arbitraryFields(next: () => number): JsonSchema {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  let budget = 40;
  const node = (level: number): JsonSchema => {
    const kinds = ["string", "number", "integer", "boolean", "enum", "intEnum"];
    const nested = level < MAX_FIELD_LEVELS && budget > 4 ? ["object", "array"] : [];
    const kind = pick([...kinds, ...nested, ...nested]);
    const nullable = next() < 0.25;
    const typed = (type: string) => (nullable ? [type, "null"] : type);
    switch (kind) {
      case "enum":
        return { type: typed("string"), enum: ["alpha", "beta", "gamma_delta"] };
      case "intEnum":
        return { type: typed("integer"), enum: [1, 2, 3] };
      case "array":
        return { type: typed("array"), items: node(level + 1) };
      case "object":
        return objectNode(level + 1, false);
      default:
        return { type: typed(kind), description: `a ${kind}` };
    }
  };
  const objectNode = (level: number, root: boolean): JsonSchema => {
    const count = 1 + Math.floor(next() * 4);
    budget -= count;
    const properties: Record<string, JsonSchema> = {};
    for (let i = 0; i < count; i++) properties[`p${level}_${i}`] = node(level);
    const names = Object.keys(properties);
    const required = names.filter(() => next() < 0.5);
    return {
      type: root ? "object" : pick(["object", ["object", "null"]]),
      properties,
      ...(required.length > 0 && { required }),
    };
  };
  return objectNode(1, true);
}

const TALK = conversationOf(
  "Transcript:\nCaller: I booked 3 seats and the beta one is wrong, this is terrible.\nAgent: I am sorry.",
);

describe("structured output of the simulator", () => {
  test("follows every arbitrary bounded schema it is given", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const fields = arbitraryFields(random(seed));
      expect({ seed, problem: fieldsSchemaProblem(fields) }).toEqual({ seed, problem: null });
      const strict = strictFieldsSchema(fields);
      expect({ seed, problem: strictSchemaProblem(strict) }).toEqual({ seed, problem: null });
      const value = simulatedValue(strict, TALK);
      expect({ seed, problem: conformanceProblem(strict, value) }).toEqual({ seed, problem: null });
    }
  });

  test("a value that departs from the schema is caught, saying where", () => {
    const strict = strictFieldsSchema({
      type: "object",
      properties: {
        seats: { type: "integer" },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["seats"],
    });
    expect(conformanceProblem(strict, { seats: 3, tags: null })).toBeNull();
    expect(conformanceProblem(strict, { seats: 3.5, tags: null })).toBe("$.seats: must be integer");
    expect(conformanceProblem(strict, { seats: 3, tags: [1] })).toBe("$.tags[0]: must be string");
    expect(conformanceProblem(strict, { seats: 3 })).toBe("$.tags: is missing");
    expect(conformanceProblem(strict, { seats: 3, tags: null, x: 1 })).toBe(
      "$: has a property not in the schema",
    );
  });

  test("summary, outcome and sentiment come from what the caller said", () => {
    const schema = {
      type: "object",
      properties: {
        summary: { type: "string" },
        outcome: { type: "string", enum: ["resolved", "booked_seats"] },
        sentiment: { type: "string", enum: ["positive", "neutral", "negative"] },
      },
    };
    expect(simulatedValue(schema, TALK)).toEqual({
      summary:
        'The caller said "I booked 3 seats and the beta one is wrong, this is terrible."; the agent answered 1 time.',
      outcome: "booked_seats",
      sentiment: "negative",
    });
    const happy = conversationOf("Caller: Thanks, that is perfect.\nCaller: Great.");
    expect(simulatedValue(schema, happy)).toMatchObject({
      outcome: "resolved",
      sentiment: "positive",
    });
  });
});

describe("POST /v1/chat/completions on the simulator", () => {
  let sim: ModelSimulator;
  let client: OpenAI;
  beforeAll(async () => {
    sim = await startModelSimulator();
    client = new OpenAI({ apiKey: "sk-test", baseURL: sim.url, maxRetries: 0 });
  });
  afterAll(() => sim.stop());

  test("answers a strict json_schema request with JSON that follows it", async () => {
    const schema = strictFieldsSchema({
      type: "object",
      properties: { seats: { type: "integer" }, vip: { type: "boolean" } },
    });
    const completion = await client.chat.completions.create({
      model: "gpt-4.1-mini",
      messages: [{ role: "user", content: "Caller: Four seats please, I am a vip." }],
      response_format: { type: "json_schema", json_schema: { name: "x", schema, strict: true } },
    });
    const answer = JSON.parse(completion.choices[0]?.message.content ?? "");
    expect(answer).toEqual({ seats: 1, vip: true });
    expect(conformanceProblem(schema, answer)).toBeNull();
  });

  test("refuses a schema strict mode would refuse, as the real service does", async () => {
    const open = { type: "object", properties: { seats: { type: "integer" } } };
    const refused = await client.chat.completions
      .create({
        model: "gpt-4.1-mini",
        messages: [{ role: "user", content: "Caller: hi" }],
        response_format: {
          type: "json_schema",
          json_schema: { name: "x", schema: open, strict: true },
        },
      })
      .then(
        () => null,
        (error: { status?: number; message?: string }) => error,
      );
    expect(refused?.status).toBe(400);
    expect(refused?.message).toContain("additionalProperties must be false");
  });
});
