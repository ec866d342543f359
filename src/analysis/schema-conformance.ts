import type { JsonSchema } from "../domain/analysis-fields";

/**
 * Where `value` departs from `schema` (the subset analysis fields use: type, enum, properties,
 * required, additionalProperties false, items), as `path: what`; or null when it conforms.
 * A model's structured answer is checked with this before anything is stored.
 */
export function conformanceProblem(schema: JsonSchema, value: unknown, path = "$"): string | null {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (!types.some((type) => hasType(value, type))) return `${path}: must be ${types.join(" or ")}`;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never))
    return `${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
  if (Array.isArray(value) && schema.items) {
    for (const [index, item] of value.entries()) {
      const problem = conformanceProblem(schema.items as JsonSchema, item, `${path}[${index}]`);
      if (problem) return problem;
    }
  }
  if (isObject(value) && schema.properties) {
    const properties = schema.properties as Record<string, JsonSchema>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in value)) return `${path}.${name}: is missing`;
    }
    for (const [name, item] of Object.entries(value)) {
      const property = properties[name];
      if (!property) {
        // The name is the model's, so it is not repeated: it could hold words from the call.
        if (schema.additionalProperties === false)
          return `${path}: has a property not in the schema`;
        continue;
      }
      const problem = conformanceProblem(property, item, `${path}.${name}`);
      if (problem) return problem;
    }
  }
  return null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return false;
  }
}
