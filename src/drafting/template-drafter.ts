import * as v from "valibot";
import { type AgentConfigInput, AgentConfigSchema } from "../domain/agent-config";
import { AGENT_TEMPLATES, type AgentTemplate } from "../prompts/templates";
import type { AgentDrafter, DraftResult } from "./agent-drafter";
import type { DraftRequest } from "./draft-request";

/** Words that point a business at a template; the first template with a match wins. */
const TEMPLATE_WORDS: Record<string, RegExp> = {
  "restaurant-booking":
    /restaurant|caf[eé]|bistro|trattoria|pizz|sushi|dining|table|brasserie|bar\b/i,
  "clinic-reception": /clinic|dental|dentist|doctor|medical|physio|therap|veterin|surgery|health/i,
  "order-status": /shop|store|e-?commerce|order|deliver|parcel|retail|online/i,
  "lead-qualification": /sales|lead|saas|software|consult|agency|real estate|insurance|b2b/i,
};

function pickTemplate(request: DraftRequest): AgentTemplate | undefined {
  const kit = request.brandKit;
  const text = [request.description, kit?.name, ...(kit?.services ?? [])].join(" ");
  return AGENT_TEMPLATES.find((t) => TEMPLATE_WORDS[t.id]?.test(text));
}

/**
 * Drafts without a model: picks the template whose words the description uses and fills it with
 * the brand kit's facts. The same request always gives the same draft.
 */
export class TemplateDrafter implements AgentDrafter {
  async draft(request: DraftRequest): Promise<DraftResult> {
    const template = pickTemplate(request);
    const kit = request.brandKit;
    const company = kit?.name;
    const base: AgentConfigInput = template?.config ?? {
      instructions:
        "You answer calls for {{company}}. Help callers with their questions using the business facts, and offer to take a message when you cannot help.",
      tools: [{ type: "builtin", name: "end_call" }],
    };
    const language = request.language ?? "en";
    // Template greetings are English text said word for word; other languages greet in their own.
    const outboundTask = base.outbound?.instructions;
    const ownWords =
      language === "en"
        ? {}
        : {
            greeting: { mode: "generated" },
            outbound: outboundTask ? { instructions: outboundTask } : {},
          };
    const config = v.parse(AgentConfigSchema, {
      ...base,
      ...ownWords,
      persona: {
        ...base.persona,
        ...(company ? { company } : {}),
        ...(kit?.tone ? { personality: kit.tone } : {}),
      },
      business: {
        ...(request.description ? { description: request.description } : {}),
        ...(kit?.services?.length ? { services: kit.services } : {}),
        ...(kit?.website ? { website: kit.website } : {}),
      },
      language: {
        primary: language,
        ...(request.accent ? { accent: request.accent } : {}),
      },
    });
    const name = company
      ? `${company} ${template?.name.toLowerCase() ?? "phone agent"}`
      : (template?.name ?? "Phone agent");
    const notes = [
      "No drafting model is configured (OPENAI_API_KEY): this draft was filled from a template, not written for this business. Review the instructions before publishing.",
      ...(template
        ? []
        : ["No template matched the description; a general answering agent was used."]),
      ...(kit?.logoUrl ? ["The logo was not fetched."] : []),
    ];
    return {
      source: "template",
      ...(template ? { template: template.id } : {}),
      name,
      description: template?.description ?? "Answers calls and questions for the business.",
      config,
      suggestedTools: template?.suggestedTools ?? [],
      notes,
    };
  }
}
