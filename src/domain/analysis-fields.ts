/**
 * The JSON Schema an agent writes for the data its post-call analysis extracts. Only the part
 * of JSON Schema that structured outputs follow exactly is accepted, with bounds that keep the
 * request small; `strictFieldsSchema` turns it into the form strict mode asks for.
 */

export type JsonSchema = Record<string, unknown>;

/**
 * Objects and arrays nested in the fields, the fields object itself counting as 1. With the
 * answer around them, this and the property count stay inside structured outputs' own limits.
 */
export const MAX_FIELD_LEVELS = 4;
/** Properties of every object, at every level, in all. */
export const MAX_FIELD_PROPERTIES = 90;
/** Enum values in all. */
export const MAX_ENUM_VALUES = 500;
const MAX_TEXT = 1000;

const FIELD_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
type FieldType = (typeof FIELD_TYPES)[number];
const KEYWORDS = new Set([
  "type",
  "description",
  "title",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "items",
]);
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

interface Tally {
  properties: number;
  enumValues: number;
}

/** What is wrong with `schema` as analysis fields, naming where (`properties.age.type: …`); or null. */
export function fieldsSchemaProblem(schema: unknown): string | null {
  if (!isObject(schema) || schema.type !== "object") return 'must be a schema of type "object"';
  return nodeProblem(schema, [], 1, { properties: 0, enumValues: 0 });
}

function nodeProblem(node: unknown, path: string[], level: number, tally: Tally): string | null {
  const at = path.length > 0 ? `${path.join(".")}: ` : "";
  if (!isObject(node)) return `${at}must be a schema (an object)`;
  for (const key of Object.keys(node)) {
    if (!KEYWORDS.has(key))
      return `${at}"${key.slice(0, 64)}" is not supported (use ${[...KEYWORDS].join(", ")})`;
  }
  const type = baseType(node.type);
  if (type === null)
    return `${at}type must be one of ${FIELD_TYPES.join(", ")} (or a list of one of them and "null")`;
  if ((type === "object" || type === "array") && level > MAX_FIELD_LEVELS)
    return `${at}nests deeper than ${MAX_FIELD_LEVELS} levels`;
  for (const key of ["description", "title"] as const) {
    const text = node[key];
    if (text !== undefined && (typeof text !== "string" || text.length > MAX_TEXT))
      return `${at}${key} must be a string of at most ${MAX_TEXT} characters`;
  }
  if (node.enum !== undefined) {
    const problem = enumProblem(node.enum, type, tally);
    if (problem) return `${at}${problem}`;
  }
  for (const key of ["properties", "required", "additionalProperties"] as const) {
    if (type !== "object" && node[key] !== undefined) return `${at}${key} is only for type object`;
  }
  if (type !== "array" && node.items !== undefined) return `${at}items is only for type array`;
  if (type === "array") {
    if (node.items === undefined) return `${at}items is required for type array`;
    return nodeProblem(node.items, [...path, "items"], level + 1, tally);
  }
  if (type === "object") return objectProblem(node, path, level, tally);
  return null;
}

function objectProblem(node: JsonSchema, path: string[], level: number, tally: Tally) {
  const at = path.length > 0 ? `${path.join(".")}: ` : "";
  const properties = node.properties ?? {};
  if (!isObject(properties)) return `${at}properties must be an object`;
  const names = Object.keys(properties);
  if (names.length === 0 && path.length > 0) return `${at}properties must name at least one`;
  tally.properties += names.length;
  if (tally.properties > MAX_FIELD_PROPERTIES)
    return `holds more than ${MAX_FIELD_PROPERTIES} properties in all`;
  if (node.additionalProperties !== undefined && node.additionalProperties !== false)
    return `${at}additionalProperties may only be false`;
  if (node.required !== undefined) {
    const required = node.required;
    if (!Array.isArray(required) || required.some((name) => !names.includes(name)))
      return `${at}required must list names of properties`;
    if (new Set(required).size !== required.length) return `${at}required names a property twice`;
  }
  for (const name of names) {
    if (!PROPERTY_NAME.test(name))
      return `${at}property name "${name.slice(0, 64)}" must be 1–64 letters, digits, '_' or '-', not starting with a digit`;
    const problem = nodeProblem(properties[name], [...path, "properties", name], level + 1, tally);
    if (problem) return problem;
  }
  return null;
}

function enumProblem(values: unknown, type: FieldType, tally: Tally): string | null {
  if (type !== "string" && type !== "number" && type !== "integer")
    return "enum is only for types string, number and integer";
  if (!Array.isArray(values) || values.length === 0) return "enum must be a non-empty list";
  tally.enumValues += values.length;
  if (tally.enumValues > MAX_ENUM_VALUES) return `holds more than ${MAX_ENUM_VALUES} enum values`;
  const fits = (value: unknown) =>
    type === "string"
      ? typeof value === "string" && value.length <= MAX_TEXT
      : typeof value === "number" && (type === "number" || Number.isInteger(value));
  if (!values.every(fits)) return `enum values must all be of type ${type}`;
  if (new Set(values).size !== values.length) return "enum lists a value twice";
  return null;
}

/** `"string"` or `["string", "null"]` → "string"; anything else → null. */
function baseType(type: unknown): FieldType | null {
  const known = (t: unknown): t is FieldType => FIELD_TYPES.includes(t as FieldType);
  if (known(type)) return type;
  if (Array.isArray(type) && type.length === 2 && type.includes("null")) {
    const other = type.find((t) => t !== "null");
    return known(other) ? other : null;
  }
  return null;
}

/**
 * The checked fields in strict form: every object closed (`additionalProperties: false`) with
 * every property required, and a property the agent did not require made nullable instead, so
 * the model answers null for what the call did not say.
 */
export function strictFieldsSchema(schema: JsonSchema): JsonSchema {
  return strictNode(schema, false);
}

function strictNode(node: JsonSchema, nullable: boolean): JsonSchema {
  const type = baseType(node.type) as FieldType;
  const orNull = nullable || Array.isArray(node.type);
  const out: JsonSchema = { type: orNull ? [type, "null"] : type };
  // A title is said as the description when there is none; strict mode is sent fewer keywords.
  const description = node.description ?? node.title;
  if (typeof description === "string") out.description = description;
  if (Array.isArray(node.enum)) out.enum = orNull ? [...node.enum, null] : [...node.enum];
  if (type === "array") out.items = strictNode(node.items as JsonSchema, false);
  if (type === "object") {
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const names = Object.keys(properties);
    out.properties = Object.fromEntries(
      names.map((name) => [name, strictNode(properties[name] as JsonSchema, !required.has(name))]),
    );
    out.required = names;
    out.additionalProperties = false;
  }
  return out;
}
