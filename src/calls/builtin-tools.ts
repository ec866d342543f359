import type { AgentConfig } from "../domain/agent-config";
import type { BuiltinToolConfig, BuiltinToolName } from "../domain/agent-tools";
import {
  ACCENTS,
  type Accent,
  accentLanguage,
  LANGUAGES,
  type Language,
} from "../domain/languages";
import type { ModelLeg } from "../models/model-leg";
import type { ToolSpec } from "../models/model-settings";
import type { CallContext } from "../prompts/instructions";
import type { KnowledgeSearch } from "./knowledge-port";
import { modelSettingsFor } from "./model-settings-for-agent";
import { type Toolbox, ToolFailure } from "./tool-port";

/** What the call's channel can do beyond audio; each built-in that needs one checks for it. */
export interface CallAbilities {
  /** WhatsApp calls: a text message to the caller through the tenant's provider. */
  sendText?: (text: string, signal: AbortSignal) => Promise<void>;
  /** Phone calls: hands the call to the agent's transfer number; the call then ends here. */
  transfer?: (target: string, signal: AbortSignal) => Promise<void>;
}

export interface BuiltinToolsDeps {
  tenantId: string;
  config: AgentConfig;
  context: CallContext;
  model: Pick<ModelLeg, "updateSession">;
  knowledge?: KnowledgeSearch | undefined;
  abilities: CallAbilities;
  /** A call event (language switched…), written to the record in order with the rest. */
  event: (kind: string, detail: Record<string, unknown>) => void;
}

const TIMEOUT_MS: Record<Exclude<BuiltinToolName, "lookup_knowledge">, number> = {
  end_call: 1000,
  transfer_call: 10_000,
  switch_language: 1000,
  switch_accent: 1000,
  send_whatsapp_message: 10_000,
};
/** Passages beyond this many characters in all are left out of a lookup's output. */
const MAX_KNOWLEDGE_CHARS = 6000;

const object = (properties: Record<string, unknown>, required: string[]) => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});

function declaration(tool: BuiltinToolConfig, config: AgentConfig): ToolSpec {
  switch (tool.name) {
    case "end_call":
      return {
        name: "end_call",
        description:
          "End the call. Say goodbye first: the call ends once you have finished speaking.",
        parameters: object({}, []),
      };
    case "transfer_call":
      return {
        name: "transfer_call",
        description:
          "Transfer the caller to a person. The result says whether this call can be " +
          "transferred; when it cannot, offer the caller a callback instead.",
        parameters: object({ reason: { type: "string", description: "Why, in a few words" } }, []),
      };
    case "switch_language":
      return {
        name: "switch_language",
        description:
          "Switch the conversation to another language when the caller asks for it or speaks " +
          "it. Call it before you answer in the new language.",
        parameters: object({ language: { type: "string", enum: languagesFor(config) } }, [
          "language",
        ]),
      };
    case "switch_accent":
      return {
        name: "switch_accent",
        description: "Speak with another accent when the caller asks for one.",
        parameters: object({ accent: { type: "string", enum: [...ACCENTS] } }, ["accent"]),
      };
    case "lookup_knowledge":
      return {
        name: "lookup_knowledge",
        description:
          "Search the business's own documents (prices, policies, opening hours, products) " +
          "before answering a question about them.",
        parameters: object({ query: { type: "string", description: "What to look for" } }, [
          "query",
        ]),
      };
    case "send_whatsapp_message":
      return {
        name: "send_whatsapp_message",
        description:
          "Send the caller a WhatsApp text message in this chat, e.g. a confirmation or " +
          "details that are easier to read than to hear. Tell the caller you sent it.",
        parameters: object({ text: { type: "string", maxLength: 1000 } }, ["text"]),
      };
  }
}

function languagesFor(config: AgentConfig): Language[] {
  const { language } = config;
  if (language.mode === "auto" && language.allowed.length > 0)
    return [...new Set([language.primary, ...language.allowed])];
  return [...LANGUAGES];
}

/** The built-in tools a call declares: those configured that its channel can do. */
export function builtinDeclarations(config: AgentConfig, abilities: CallAbilities): ToolSpec[] {
  return config.tools.flatMap((tool) => {
    if (tool.type !== "builtin") return [];
    if (tool.name === "send_whatsapp_message" && !abilities.sendText) return [];
    return [declaration(tool, config)];
  });
}

/**
 * What a call declares to the model before any MCP server is listed: its built-ins and its HTTP
 * tools, as the prompt preview shows them (MCP tools join once their servers are listed).
 */
export function declaredBeforeListing(config: AgentConfig, abilities: CallAbilities): ToolSpec[] {
  const http = config.tools.flatMap((tool) =>
    tool.type === "http"
      ? [{ name: tool.name, description: tool.description, parameters: tool.parameters }]
      : [],
  );
  return [...builtinDeclarations(config, abilities), ...http];
}

/**
 * The built-in tools that act on the call itself (end_call is handled by the tool calls, which
 * own the call's ending): language and accent switches, knowledge lookups, a follow-up text.
 */
export class BuiltinTools implements Toolbox {
  readonly declared: ToolSpec[];
  private config: AgentConfig;

  constructor(private readonly deps: BuiltinToolsDeps) {
    this.config = deps.config;
    this.declared = builtinDeclarations(deps.config, deps.abilities);
  }

  async listed(): Promise<ToolSpec[]> {
    return this.declared;
  }

  timeoutMs(name: string): number | undefined {
    if (!this.declared.some((tool) => tool.name === name)) return undefined;
    if (name === "lookup_knowledge") return this.config.knowledge.timeoutMs;
    return TIMEOUT_MS[name as keyof typeof TIMEOUT_MS];
  }

  async run(name: string, argumentsJson: string, signal: AbortSignal): Promise<string> {
    const args = parseArguments(argumentsJson);
    switch (name as BuiltinToolName) {
      case "switch_language":
        return this.switchLanguage(oneOf(args, "language", languagesFor(this.deps.config)));
      case "switch_accent":
        return this.switchAccent(oneOf(args, "accent", ACCENTS));
      case "lookup_knowledge":
        return this.lookup(text(args, "query", 500), signal);
      case "send_whatsapp_message":
        return this.sendText(text(args, "text", 1000), signal);
      case "transfer_call":
        return this.transfer(signal);
      default:
        throw new ToolFailure("unknown_tool", `there is no tool named ${name}`);
    }
  }

  async close(): Promise<void> {}

  private switchLanguage(language: Language): string {
    const from = this.config.language.primary;
    const { accent } = this.config.language;
    const keepAccent = accent !== undefined && accentLanguage(accent) === language;
    this.applyLanguage({ primary: language, accent: keepAccent ? accent : undefined });
    this.deps.event("language_switched", { from, to: language });
    return JSON.stringify({ ok: true, language });
  }

  private switchAccent(accent: Accent): string {
    const from = this.config.language.accent ?? null;
    this.applyLanguage({ primary: accentLanguage(accent), accent });
    this.deps.event("accent_switched", { from, to: accent });
    return JSON.stringify({ ok: true, accent });
  }

  /** New language guidance and transcription language, in one session update. */
  private applyLanguage(change: { primary: Language; accent: Accent | undefined }): void {
    const { accent, ...rest } = this.config.language;
    this.config = {
      ...this.config,
      language: {
        ...rest,
        primary: change.primary,
        ...(change.accent && { accent: change.accent }),
      },
    };
    const settings = modelSettingsFor(this.config, this.deps.context, []);
    this.deps.model.updateSession({
      instructions: settings.instructions,
      ...(settings.transcription && {
        transcription: { ...settings.transcription, language: change.primary },
      }),
    });
  }

  private async lookup(query: string, signal: AbortSignal): Promise<string> {
    const knowledge = this.deps.knowledge;
    if (!knowledge) throw new ToolFailure("unavailable", "knowledge search is not available");
    const tool = this.config.tools.find(
      (t): t is Extract<BuiltinToolConfig, { name: "lookup_knowledge" }> =>
        t.type === "builtin" && t.name === "lookup_knowledge",
    );
    const passages = await knowledge.search({
      tenantId: this.deps.tenantId,
      collectionIds: tool?.collectionIds?.length
        ? tool.collectionIds
        : this.config.knowledge.collections,
      query,
      limit: this.config.knowledge.topK,
      signal,
    });
    if (passages.length === 0) return JSON.stringify({ passages: [], note: "nothing found" });
    const kept: Array<{ title: string; text: string }> = [];
    let chars = 0;
    for (const { title, text } of passages) {
      chars += title.length + text.length;
      if (chars > MAX_KNOWLEDGE_CHARS && kept.length > 0) break;
      kept.push({ title, text: text.slice(0, MAX_KNOWLEDGE_CHARS) });
    }
    return JSON.stringify({ passages: kept });
  }

  private async sendText(message: string, signal: AbortSignal): Promise<string> {
    const send = this.deps.abilities.sendText;
    if (!send) throw new ToolFailure("unavailable", "messages can only be sent on WhatsApp calls");
    try {
      await send(message, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ToolFailure("unavailable", "the message could not be sent");
    }
    return JSON.stringify({ sent: true });
  }

  private async transfer(signal: AbortSignal): Promise<string> {
    const tool = this.config.tools.find((t) => t.type === "builtin" && t.name === "transfer_call");
    const target = tool && "target" in tool ? tool.target : undefined;
    const transfer = this.deps.abilities.transfer;
    if (!transfer || !target) {
      return JSON.stringify({
        transferred: false,
        why: "This call cannot be transferred.",
        instead: "Offer the caller a callback from a person, and ask when suits them.",
      });
    }
    try {
      await transfer(target, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return JSON.stringify({
        transferred: false,
        why: "The transfer did not go through.",
        instead: "Apologise, and offer the caller a callback from a person.",
      });
    }
    return JSON.stringify({ transferred: true });
  }
}

/** The model's arguments: a JSON object, or a failure the model can act on. */
export function parseArguments(argumentsJson: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsJson || "{}");
  } catch {
    throw new ToolFailure("bad_arguments", "the arguments are not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ToolFailure("bad_arguments", "the arguments must be a JSON object");
  return parsed as Record<string, unknown>;
}

function text(args: Record<string, unknown>, field: string, max: number): string {
  const value = args[field];
  if (typeof value !== "string" || value.trim() === "")
    throw new ToolFailure("bad_arguments", `${field} is required`);
  return value.slice(0, max);
}

function oneOf<T extends string>(
  args: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T {
  const value = args[field];
  if (typeof value === "string" && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new ToolFailure("bad_arguments", `${field} must be one of ${allowed.join(", ")}`);
}
