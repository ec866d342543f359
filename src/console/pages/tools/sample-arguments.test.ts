import { expect, test } from "bun:test";
import { sampleArguments } from "./sample-arguments";

test("every property gets a value of its type, enums and defaults first", () => {
  expect(
    sampleArguments({
      type: "object",
      properties: {
        name: { type: "string" },
        people: { type: "integer", minimum: 1 },
        price: { type: "number" },
        vip: { type: "boolean" },
        size: { type: "string", enum: ["small", "large"] },
        note: { type: ["string", "null"], default: "none" },
        tags: { type: "array", items: { type: "string" } },
        address: { type: "object", properties: { city: { type: "string", examples: ["Lyon"] } } },
      },
    }),
  ).toEqual({
    name: "",
    people: 1,
    price: 0,
    vip: false,
    size: "small",
    note: "none",
    tags: [],
    address: { city: "Lyon" },
  });
});

test("a schema without properties gives an empty object; a date gets today's", () => {
  expect(sampleArguments({ type: "object" })).toEqual({});
  const { day } = sampleArguments({
    type: "object",
    properties: { day: { type: "string", format: "date" } },
  }) as { day: string };
  expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
