import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { modelSettingsFor } from "../../calls/model-settings-for-agent";
import { AgentConfigSchema } from "../../domain/agent-config";
import { ACCENTS, accentLanguage, LANGUAGES } from "../../domain/languages";
import { VOICES } from "../../domain/voices";
import { greetingInstruction } from "../greeting";
import { ACCENT_GUIDES, LANGUAGE_GUIDES } from "./index";

const configIn = (language: Record<string, unknown>) =>
  v.parse(AgentConfigSchema, { language: { mode: "fixed", ...language } });

describe("every language the agent can speak", () => {
  test("the fifteen languages of the original service, no more and no fewer", () => {
    expect<string[]>([...LANGUAGES].sort()).toEqual(
      [
        "en",
        "zh",
        "yue",
        "es",
        "fr",
        "de",
        "ja",
        "ko",
        "pt",
        "it",
        "ru",
        "ar",
        "hi",
        "th",
        "vi",
      ].sort(),
    );
  });

  test.each([...LANGUAGES])(
    "%s has guidance, a default voice, and reaches the model",
    (language) => {
      const guide = LANGUAGE_GUIDES[language];
      for (const field of [
        guide.register,
        guide.numbers,
        guide.datesAndTimes,
        guide.pronunciation,
      ]) {
        expect(field.length).toBeGreaterThan(40);
      }
      expect(VOICES).toContain(guide.defaultVoice);
      expect(guide.transcriptionCode).toMatch(/^[a-z]{2}$/);

      const settings = modelSettingsFor(configIn({ primary: language }), {}, []);
      expect(settings.voice).toBe(guide.defaultVoice);
      expect(settings.transcription?.language).toBe(guide.transcriptionCode);
      expect(settings.instructions).toContain(`Speak only ${guide.name}`);
      expect(settings.instructions).toContain(guide.register);
      expect(settings.instructions).toContain(guide.numbers);
      expect(settings.instructions).toContain(guide.datesAndTimes);
      expect(greetingInstruction(configIn({ primary: language }), {})).toContain(guide.name);
    },
  );

  test("no two languages share the same advice", () => {
    const texts = LANGUAGES.flatMap((l) => [
      LANGUAGE_GUIDES[l].register,
      LANGUAGE_GUIDES[l].numbers,
    ]);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe("every accent", () => {
  test("the twenty-nine accents of the original service", () => {
    expect(ACCENTS).toHaveLength(29);
    const count = (language: string) =>
      ACCENTS.filter((a) => accentLanguage(a) === language).length;
    expect([count("en"), count("zh"), count("yue"), count("es")]).toEqual([21, 3, 2, 3]);
  });

  test.each([...ACCENTS])("%s has its own guidance and reaches the model", (accent) => {
    const guide = ACCENT_GUIDES[accent];
    expect(guide.name.length).toBeGreaterThan(3);
    for (const field of [guide.sound, guide.phrasing, guide.conventions]) {
      expect(field.length).toBeGreaterThan(20);
    }
    const primary = accentLanguage(accent);
    const { instructions } = modelSettingsFor(configIn({ primary, accent }), {}, []);
    expect(instructions).toContain(`light ${guide.name} accent`);
    expect(instructions).toContain(guide.sound);
  });

  test("each accent sounds different", () => {
    const sounds = ACCENTS.map((a) => ACCENT_GUIDES[a].sound);
    expect(new Set(sounds).size).toBe(ACCENTS.length);
  });
});
