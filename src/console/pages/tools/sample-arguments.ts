// Sample arguments for a tool, made from its JSON Schema so the form starts with every field the
// tool takes (and a value of the right type) for the user to change.

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function sampleOf(schema: Schema, depth: number): unknown {
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type)
    ? schema.type.find((t) => t !== "null")
    : (schema.type as string | undefined);
  switch (type) {
    case "string":
      if (schema.format === "date") return new Date().toISOString().slice(0, 10);
      if (schema.format === "date-time") return new Date().toISOString();
      return "";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return objectSample(schema, depth);
    default:
      return null;
  }
}

function objectSample(schema: Schema, depth: number): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  if (depth > 4) return {};
  return Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      isSchema(property) ? sampleOf(property, depth + 1) : null,
    ]),
  );
}

/** `{ "date": "", "people": 0 }` for a schema with a string `date` and a number `people`. */
export function sampleArguments(parameters: Schema): Record<string, unknown> {
  return objectSample(parameters, 0);
}
