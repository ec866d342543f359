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
/** How much of a tool's output the model gets; the rest is cut (and the cut said). */
const maxOutputChars = v.optional(
  v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(100_000)),
  4000,
);
/** Names a stored credential by its name; the secret itself never sits in agent config. */
const credentialName = v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)));

/**
 * A tool that is one HTTP request. `url` and header values may hold `{{variable}}` (the call's
 * variables, as in the greeting) and the URL `{argument}` (one of the model's arguments, which
 * then leaves the body or query). The other arguments go as a JSON body (POST, PUT, PATCH) or
 * as the query (GET, DELETE).
 */
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
  maxOutputChars,
});

export const McpToolSchema = v.strictObject({
  type: v.literal("mcp"),
  /** A label for the server; its tools are listed with `tools/list` when a call starts. */
  name: toolName,
  serverUrl: httpUrl,
  allowedTools: v.optional(v.pipe(v.array(toolName), v.maxLength(128))),
  /** An `http_auth` credential whose header goes with every request to the server. */
  credential: credentialName,
  timeoutMs,
  maxOutputChars,
});

export const BUILTIN_TOOLS = [
  "end_call",
  "transfer_call",
  "switch_language",
  "switch_accent",
  "lookup_knowledge",
  "send_whatsapp_message",
] as const;
export type BuiltinToolName = (typeof BUILTIN_TOOLS)[number];

const builtin = { type: v.literal("builtin") };
/** Tools the gateway itself runs; each does something to the call (see calls/builtin-tools.ts). */
export const BuiltinToolSchema = v.variant("name", [
  v.strictObject({
    ...builtin,
    name: v.literal("transfer_call"),
    /**
     * The number to transfer to, in international form (E.164), on channels that can transfer:
     * phone calls (WhatsApp and browser calls cannot).
     */
    target: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^\+[1-9]\d{5,14}$/,
          "must be a phone number in international form, such as +15550104242",
        ),
      ),
    ),
  }),
  v.strictObject({
    ...builtin,
    name: v.literal("lookup_knowledge"),
    /** The knowledge collections searched; none named means all of the tenant's. */
    collectionIds: v.optional(
      v.pipe(v.array(v.pipe(v.string(), v.regex(/^[a-z]{2,5}_[0-9a-z]{1,40}$/))), v.maxLength(20)),
      [],
    ),
  }),
  v.strictObject({
    ...builtin,
    name: v.picklist(["end_call", "switch_language", "switch_accent", "send_whatsapp_message"]),
  }),
]);

export const ToolSchema = v.variant("type", [HttpToolSchema, McpToolSchema, BuiltinToolSchema]);
export type ToolConfig = v.InferOutput<typeof ToolSchema>;
export type HttpToolConfig = v.InferOutput<typeof HttpToolSchema>;
export type McpToolConfig = v.InferOutput<typeof McpToolSchema>;
export type BuiltinToolConfig = v.InferOutput<typeof BuiltinToolSchema>;

/** The names HTTP and built-in tools declare to the model twice, if any (MCP names come later). */
export function repeatedToolNames(tools: readonly ToolConfig[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const tool of tools) {
    if (tool.type === "mcp") continue;
    if (seen.has(tool.name)) repeated.add(tool.name);
    seen.add(tool.name);
  }
  return [...repeated];
}
