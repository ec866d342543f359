import { expect, test } from "bun:test";
import { ApiError } from "../../api/client";
import { configIssues } from "./config-issues";
import { getAt, sameJson, setAt } from "./config-paths";

const refusal = (issues: { field: string; message: string }[]) =>
  new ApiError(400, "invalid", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);

test("the API's field names become the form's paths, checks over the whole config included", () => {
  const issues = configIssues([
    refusal([
      { field: "body.config.voice.speed", message: "must be at most 1.5" },
      { field: "body.config.tools.1.parameters.properties", message: "must be an object" },
      {
        field: "body.config",
        message:
          "voice.name marin is not one of the gemini voices (Puck, Kore); turnDetection.type semantic_vad is not available on gemini (use server_vad)",
      },
    ]),
    refusal([{ field: "body.name", message: "must not be empty" }]),
    new ApiError(409, "conflict", "the draft changed since it was read"),
  ]);
  expect(issues.at("voice.speed")).toBe("must be at most 1.5");
  expect(issues.at("voice.name")).toBe(
    "voice.name marin is not one of the gemini voices (Puck, Kore)",
  );
  expect(issues.at("turnDetection.type")).toContain("not available on gemini");
  expect(issues.at("name")).toBe("must not be empty");
  // A JSON field shows what is wrong anywhere inside it; its exact path alone names nothing.
  expect(issues.at("tools.1.parameters")).toBeUndefined();
  expect(issues.under("tools.1.parameters")).toBe("must be an object");
  expect(issues.all.at(-1)).toEqual({ field: "", message: "the draft changed since it was read" });
  expect(issues.all).toHaveLength(6);
});

test("a field is read and written by its dotted path without touching the original", () => {
  const config = { voice: { speed: 1 }, tools: [{ name: "a" }, { name: "b" }] };
  const edited = setAt(config, "tools.1.name", "booking");
  expect(getAt(edited, "tools.1.name")).toBe("booking");
  expect(config.tools[1]?.name).toBe("b");
  expect(edited.voice).toBe(config.voice);
  expect(getAt(setAt(config, "voice.speed", undefined), "voice")).toEqual({});
  expect(getAt(setAt({}, "language.accent", "en-GB"), "language")).toEqual({ accent: "en-GB" });
  expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
  expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
});
