import type { AgentConfig } from "../../api/api-types.gen";
import { BUILTIN_TOOLS, type BuiltinName } from "./choices";
import { useConfigEditor } from "./config-editor";
import {
  JsonField,
  LinesField,
  NumberField,
  Section,
  SelectField,
  TextField,
} from "./config-fields";

type Tool = NonNullable<AgentConfig["tools"]>[number];

const NEW_TOOLS: Record<"http" | "mcp" | "builtin", Tool> = {
  http: {
    type: "http",
    name: "",
    description: "",
    url: "",
    method: "POST",
    parameters: { type: "object", properties: {} },
  },
  mcp: { type: "mcp", name: "", serverUrl: "" },
  builtin: { type: "builtin", name: "end_call" },
};

const TYPE_WORDS = { http: "HTTP request", mcp: "MCP server", builtin: "Built-in" } as const;
const ADD_WORDS = {
  http: "Add an HTTP tool",
  mcp: "Add an MCP server",
  builtin: "Add a built-in tool",
} as const;

function Limits(props: { at: string }) {
  return (
    <div class="field-grid">
      <NumberField path={`${props.at}.timeoutMs`} label="Timeout (ms)" hint="100 to 30,000." />
      <NumberField
        path={`${props.at}.maxOutputChars`}
        label="Longest output (characters)"
        hint="100 to 100,000; the rest is cut."
      />
      <TextField
        path={`${props.at}.credential`}
        label="Credential"
        hint="The name of a stored credential; its secret is never in the agent."
      />
    </div>
  );
}

function ToolFields(props: { tool: Tool; at: string }) {
  const { tool, at } = props;
  if (tool.type === "http") {
    return (
      <>
        <div class="field-grid">
          <TextField path={`${at}.name`} label="Name" hint="Letters, digits, _ or -." />
          <SelectField
            path={`${at}.method`}
            label="Method"
            options={["GET", "POST", "PUT", "PATCH", "DELETE"]}
          />
        </div>
        <TextField
          path={`${at}.description`}
          label="Description"
          hint="Tells the model when to use it."
          multiline
          rows={2}
        />
        <TextField
          path={`${at}.url`}
          label="URL"
          hint="{argument} takes one of the model's arguments; {{variable}} a call variable."
        />
        <JsonField
          path={`${at}.parameters`}
          label="Arguments (JSON Schema)"
          hint='An object schema, e.g. {"type":"object","properties":{"date":{"type":"string"}}}.'
        />
        <JsonField
          path={`${at}.headers`}
          label="Headers (JSON)"
          hint='e.g. {"X-Clinic":"north"}.'
          rows={2}
        />
        <Limits at={at} />
      </>
    );
  }
  if (tool.type === "mcp") {
    return (
      <>
        <div class="field-grid">
          <TextField path={`${at}.name`} label="Label" />
          <TextField path={`${at}.serverUrl`} label="Server URL" />
        </div>
        <LinesField
          path={`${at}.allowedTools`}
          label="Tools it may use"
          hint="One name per line; empty: all the server lists."
        />
        <Limits at={at} />
      </>
    );
  }
  const names = Object.entries(BUILTIN_TOOLS)
    .filter(([name]) => name !== "transfer_call")
    .map(([value, label]) => ({ value, label }));
  return (
    <>
      <SelectField path={`${at}.name`} label="Built-in tool" options={names} />
      {tool.name === "lookup_knowledge" && (
        <LinesField
          path={`${at}.collectionIds`}
          label="Collections searched"
          hint="One kbc_… id per line; none: all of the tenant's."
        />
      )}
    </>
  );
}

/** The agent's tools, except call transfer, which has its own section. */
export function ToolsSection() {
  const { config, set } = useConfigEditor();
  const tools = config.tools ?? [];
  const shown = tools
    .map((tool, index) => ({ tool, index }))
    .filter(({ tool }) => !(tool.type === "builtin" && tool.name === "transfer_call"));
  return (
    <Section
      title="Tools"
      path="tools"
      intro="HTTP requests and MCP servers the agent can use mid-call, and built-ins."
    >
      {shown.length === 0 && <p class="empty">No tools yet.</p>}
      {shown.map(({ tool, index }, position) => (
        // Fields keep what was typed: when tools come or go, the ones below move, so all start afresh.
        <fieldset class="tool" key={`${tools.length}-${index}`}>
          <legend>
            Tool {position + 1}: {TYPE_WORDS[tool.type]}
            {tool.name ? ` “${tool.name}”` : ""}
          </legend>
          <ToolFields tool={tool} at={`tools.${index}`} />
          <button
            type="button"
            class="button button-small"
            onClick={() =>
              set(
                "tools",
                tools.filter((_, i) => i !== index),
              )
            }
          >
            Remove tool {position + 1}
          </button>
        </fieldset>
      ))}
      <div class="actions">
        {(["http", "mcp", "builtin"] as const).map((type) => (
          <button
            key={type}
            type="button"
            class="button button-small"
            onClick={() => set("tools", [...tools, NEW_TOOLS[type]])}
          >
            {ADD_WORDS[type]}
          </button>
        ))}
      </div>
    </Section>
  );
}

const isTransfer = (tool: Tool): tool is Extract<Tool, { name: "transfer_call" }> =>
  tool.type === "builtin" && tool.name === ("transfer_call" satisfies BuiltinName);

/** Call transfer: the built-in transfer_call tool, and where it transfers to. */
export function TransferSection() {
  const { config, set } = useConfigEditor();
  const tools = config.tools ?? [];
  const index = tools.findIndex(isTransfer);
  return (
    <Section
      title="Call transfer"
      intro="The agent offers to transfer the caller. Channels that cannot transfer (browser and WhatsApp calls) are told so, and the agent offers a callback instead."
    >
      <div class="field field-check">
        <input
          id="transfer-enabled"
          type="checkbox"
          checked={index >= 0}
          onChange={(e) =>
            set(
              "tools",
              e.currentTarget.checked
                ? [...tools, { type: "builtin", name: "transfer_call" }]
                : tools.filter((tool) => !isTransfer(tool)),
            )
          }
        />
        <label for="transfer-enabled">The agent may transfer calls</label>
      </div>
      {index >= 0 && (
        <TextField
          path={`tools.${index}.target`}
          label="Transfer to"
          hint="A number or address, on channels that can transfer."
        />
      )}
    </Section>
  );
}
