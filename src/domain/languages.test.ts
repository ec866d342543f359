import { describe, expect, test } from "bun:test";
import { languageFromTag } from "./languages";

describe("a provider's language tag", () => {
  test.each([
    ["en", "en"],
    ["es-MX", "es"],
    ["pt_BR", "pt"],
    [" FR ", "fr"],
    ["zh-CN", "zh"],
    ["zh-HK", "yue"],
    ["yue", "yue"],
    ["English", "en"],
  ])("%s is %s", (tag, language) => {
    expect(languageFromTag(tag)).toBe(language as never);
  });

  test.each(["", "xx", "klingon", undefined])("%s names no language agents speak", (tag) => {
    expect(languageFromTag(tag)).toBeUndefined();
  });
});
