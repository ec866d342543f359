import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { modelSettingsFor } from "../calls/model-settings-for-agent";
import { type AgentConfigInput, AgentConfigSchema } from "../domain/agent-config";
import type { ToolSpec } from "../models/model-settings";
import type { CallContext } from "./call-context";
import { greetingInstruction } from "./greeting";
import { variablesFor } from "./variables";

const agent = (config: AgentConfigInput = {}) => v.parse(AgentConfigSchema, config);
const tool = (name: string): ToolSpec => ({ name, description: name, parameters: {} });
const instructionsOf = (config: AgentConfigInput, call: CallContext = {}, tools: ToolSpec[] = []) =>
  modelSettingsFor(agent(config), call, tools).instructions;

const GREET_ONCE = "never greet again";

describe("the greeting", () => {
  test("is never repeated: the instructions forbid a second greeting whenever the agent greets", () => {
    for (const greeting of [
      { mode: "generated" as const },
      { mode: "fixed" as const, text: "Hi!" },
    ]) {
      expect(instructionsOf({ greeting })).toContain(GREET_ONCE);
    }
    const callerFirst = instructionsOf({ greeting: { mode: "none" } });
    expect(callerFirst).toContain("Greet them once, in your first reply only");
    expect(callerFirst).not.toContain(GREET_ONCE);
  });

  test("a fixed greeting is said exactly, with its variables filled in", () => {
    const config = agent({
      persona: { name: "Sara", company: "Acme Dental" },
      greeting: { mode: "fixed", text: "Hello {{contact_name}}, {{agent_name}} at {{company}}." },
    });
    expect(greetingInstruction(config, { contactName: "Ann" })).toBe(
      'Say exactly this greeting, and nothing else: "Hello Ann, Sara at Acme Dental."',
    );
    expect(greetingInstruction(agent({ greeting: { mode: "none" } }), {})).toBeNull();
  });
});

describe("variables", () => {
  const config: AgentConfigInput = {
    instructions: "Order {{order_id}} for {{ contact_name }} of {{company}}; tier {{tier}}.",
    persona: { company: "Acme" },
    variables: { tier: "silver" },
    greeting: { mode: "fixed", text: "Hi {{contact_name}}, about {{missing}}!" },
  };

  test("are filled from the call request over the agent's defaults", () => {
    const text = instructionsOf(config, {
      contactName: "Ann",
      variables: { order_id: "A-17", tier: "gold" },
    });
    expect(text).toContain("Order A-17 for Ann of Acme; tier gold.");
  });

  test("one without a value disappears with its spacing and is reported as unfilled", () => {
    const values = variablesFor(agent(config), {});
    const settings = modelSettingsFor(agent(config), {}, [], values);
    const greeting = greetingInstruction(agent(config), {}, values);
    expect(settings.instructions).toContain("Order for of Acme; tier silver.");
    expect(settings.instructions).not.toContain("{{");
    expect(greeting).toContain('"Hi, about!"');
    expect(values.unfilled).toEqual(["order_id", "contact_name", "missing"]);
  });

  test("call values no template names are still told to the model", () => {
    const text = instructionsOf(config, { variables: { order_id: "A-17", due_date: "Friday" } });
    expect(text).toContain("- due date: Friday");
    expect(text).not.toContain("- order id: A-17");
  });
});

describe("calls the agent places", () => {
  const config: AgentConfigInput = {
    instructions: "Answer questions about opening hours.",
    outbound: {
      instructions: "Remind {{contact_name}} of the appointment on {{date}}.",
      greeting: "Hi {{contact_name}}, this is Acme Dental calling.",
    },
    greeting: { mode: "fixed", text: "Thanks for calling Acme Dental." },
  };
  const outbound: CallContext = {
    direction: "outbound",
    contactName: "Ann",
    variables: { date: "Friday" },
  };

  test("use the outbound task and greeting; inbound calls keep their own", () => {
    const out = instructionsOf(config, outbound);
    expect(out).toContain("Remind Ann of the appointment on Friday.");
    expect(out).not.toContain("opening hours");
    expect(out).toContain("You placed this phone call");
    expect(greetingInstruction(agent(config), outbound)).toContain(
      '"Hi Ann, this is Acme Dental calling."',
    );

    const inbound = instructionsOf(config, {});
    expect(inbound).toContain("Answer questions about opening hours.");
    expect(inbound).not.toContain("Remind");
    expect(greetingInstruction(agent(config), {})).toContain("Thanks for calling Acme Dental.");
  });

  test("without outbound fields, the agent's own text serves, with an outbound-minded greeting", () => {
    const plain = agent({ instructions: "Confirm the delivery.", persona: { company: "Shipco" } });
    expect(instructionsOf({ instructions: "Confirm the delivery." }, outbound)).toContain(
      "Confirm the delivery.",
    );
    expect(greetingInstruction(plain, outbound)).toContain("greet Ann by name");
    expect(greetingInstruction(plain, outbound)).toContain("why you are calling");
  });
});

describe("the language policy", () => {
  test("fixed: one language, named to the transcriber; the caller's language does not move it", () => {
    const config = agent({ language: { mode: "fixed", primary: "ja" } });
    const settings = modelSettingsFor(config, { callerLanguage: "en" }, []);
    expect(settings.instructions).toContain("Speak only Japanese");
    expect(settings.transcription?.language).toBe("ja");
    expect(greetingInstruction(config, { callerLanguage: "en" })).toContain("in Japanese");
  });

  test("auto: the allowed languages, the transcriber detects, and switch_language only when given", () => {
    const config: AgentConfigInput = {
      language: { mode: "auto", primary: "en", allowed: ["es", "fr"] },
    };
    const settings = modelSettingsFor(agent(config), {}, []);
    expect(settings.instructions).toContain("English (en), Spanish (es), French (fr)");
    expect(settings.instructions).toContain("## Speaking French");
    expect(settings.transcription?.language).toBeUndefined();
    expect(settings.instructions).not.toContain("switch_language");
    expect(instructionsOf(config, {}, [tool("switch_language")])).toContain(
      "first call switch_language",
    );
  });

  test("auto: a call starts in the caller's language when the channel names an allowed one", () => {
    const config = agent({ language: { mode: "auto", primary: "en", allowed: ["es"] } });
    expect(modelSettingsFor(config, { callerLanguage: "es" }, []).instructions).toContain(
      "Start the call in Spanish",
    );
    expect(greetingInstruction(config, { callerLanguage: "es" })).toContain("in Spanish");
    expect(greetingInstruction(config, { callerLanguage: "de" })).toContain("in English");
  });

  test("Cantonese is transcribed as Chinese with a Cantonese hint", () => {
    const settings = modelSettingsFor(agent({ language: { primary: "yue" } }), {}, []);
    expect(settings.transcription).toMatchObject({ language: "zh" });
    expect(settings.transcription?.prompt).toContain("廣東話");
  });

  test("gendered self-reference follows the voice", () => {
    const spanish = (voice: "marin" | "cedar") =>
      instructionsOf({ language: { primary: "es" }, voice: { name: voice } });
    expect(spanish("marin")).toContain("estoy encantada");
    expect(spanish("cedar")).toContain("estoy encantado");
    expect(spanish("cedar")).not.toContain("encantada");
  });
});

describe("business facts and tools", () => {
  test("facts, rules and the local time reach the model", () => {
    const text = instructionsOf(
      {
        business: {
          hours: "Mon–Fri 9:00–17:00",
          phone: "+44 20 7946 0000",
          timeZone: "Asia/Tokyo",
          services: ["cleaning", "whitening"],
        },
        rules: ["Never give medical advice."],
      },
      { now: new Date("2025-05-06T06:04:00Z") },
    );
    expect(text).toContain("Opening hours: Mon–Fri 9:00–17:00");
    expect(text).toContain("Services: cleaning; whitening");
    expect(text).toContain("Tuesday, 6 May 2025 at 15:04 (Asia/Tokyo)");
    expect(text).toContain("- Never give medical advice.");
  });

  test("tools are only mentioned when the model really has them", () => {
    expect(instructionsOf({})).not.toContain("end_call");
    expect(instructionsOf({}, {}, [tool("end_call")])).toContain("then call end_call");
  });
});
