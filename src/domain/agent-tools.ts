import * as v from "valibot";
import { type JsonBounds, withinBounds } from "./json-bounds";

const toolName = v.pipe(
  v.string(),
  v.regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-'"),
);
const description = v.pipe(v.string(), v.maxLength(1024));
const httpUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url(),
  v.regex(/^https?:\/\//, "must be http or https"),
);
/** Room for any real argument schema; beyond it a schema only costs time to store and send. */
export const PARAMETER_BOUNDS: JsonBounds = {
  maxDepth: 12,
  maxValues: 2000,
  maxStringLength: 2000,
};
/** A JSON Schema object describing the tool's arguments, passed to the model as is. */
const parameters = v.optional(
  v.pipe(
    v.looseObject({
      type: v.literal("object"),
      properties: v.optional(v.pipe(v.record(v.string(), v.unknown()), v.maxEntries(200))),
    }),
    withinBounds(PARAMETER_BOUNDS),
  ),
  { type: "object", properties: {} },
);
const timeoutMs = v.optional(
  v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(30_000)),
  5000,
);
/** Names a stored credential by its name; the secret itself never sits in agent config. */
const credentialName = v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)));

export const HttpToolSchema = v.strictObject({
  type: v.literal("http"),
  name: toolName,
  description,
  parameters,
  url: httpUrl,
  method: v.optional(v.picklist(["GET", "POST", "PUT", "PATCH", "DELETE"]), "POST"),
  headers: v.optional(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, "must be a header name")),
        v.pipe(v.string(), v.maxLength(1024)),
      ),
      v.maxEntries(32),
    ),
    {},
  ),
  credential: credentialName,
  timeoutMs,
});

export const McpToolSchema = v.strictObject({
  type: v.literal("mcp"),
  /** A label for the server; its tools are listed with `tools/list` when a call starts. */
  name: toolName,
  serverUrl: httpUrl,
  allowedTools: v.optional(v.pipe(v.array(toolName), v.maxLength(128))),
  credential: credentialName,
  timeoutMs,
});

export const BUILTIN_TOOLS = [
  "end_call",
  "transfer_call",
  "switch_language",
  "switch_accent",
] as const;

export const BuiltinToolSchema = v.strictObject({
  type: v.literal("builtin"),
  name: v.picklist(BUILTIN_TOOLS),
  /** For transfer_call: where to transfer to. */
  target: v.optional(v.pipe(v.string(), v.maxLength(256))),
});

export const ToolSchema = v.variant("type", [HttpToolSchema, McpToolSchema, BuiltinToolSchema]);
export type ToolConfig = v.InferOutput<typeof ToolSchema>;
