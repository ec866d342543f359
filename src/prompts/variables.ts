import type { AgentConfig } from "../domain/agent-config";
import type { CallContext } from "./call-context";

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;
/** Stands where a placeholder without a value was, until the spacing around it is tidied. */
const GAP = "\u0000";

/** The values `{{name}}` placeholders take on one call, and which ones had no value. */
export class VariableValues {
  private readonly missing = new Set<string>();
  private readonly used = new Set<string>();

  constructor(private readonly values: Readonly<Record<string, string>>) {}

  /**
   * Fills the placeholders. One without a value is removed with the space around it ("Hello
   * {{contact_name}}, welcome" becomes "Hello, welcome"), so the model never reads braces
   * aloud; `unfilled` lists it, and the prompt preview shows that list.
   */
  fill(template: string): string {
    const filled = template.replace(PLACEHOLDER, (_, name: string) => {
      this.used.add(name);
      const value = this.values[name];
      if (value) return value;
      this.missing.add(name);
      return GAP;
    });
    if (!filled.includes(GAP)) return filled;
    return filled
      .replace(/^[ \t]*\0+[ \t]*[,;:]?[ \t]*/gm, "")
      .replace(/[ \t]*\0+[ \t]*(?=[,.!?;:)]|$)/gm, "")
      .replace(/[ \t]*\0+[ \t]*/g, " ");
  }

  /** The values themselves, for templates filled elsewhere (a tool's URL and headers). */
  get all(): Readonly<Record<string, string>> {
    return this.values;
  }

  /** Placeholders met so far that had no value, in the order first met. */
  get unfilled(): string[] {
    return [...this.missing];
  }

  /** Whether a template filled so far named this variable. */
  wasUsed(name: string): boolean {
    return this.used.has(name);
  }
}

/**
 * Every value a template may name: the agent's defaults, then who the agent is and who is on the
 * line, then the call request's own variables, which win.
 */
export function variablesFor(config: AgentConfig, call: CallContext): VariableValues {
  return new VariableValues({
    ...config.variables,
    agent_name: config.persona.name ?? "",
    company: config.persona.company ?? "",
    contact_name: call.contactName ?? "",
    contact_number: call.contactNumber ?? "",
    ...call.variables,
  });
}

/** Fills `{{name}}` placeholders plainly: one without a value becomes empty (URLs, headers). */
export function fillVariables(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name] ?? "");
}
