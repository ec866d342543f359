import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DocumentFormat } from "../src/domain/knowledge";
import { KNOWLEDGE_DIR } from "./assets";

export interface CorpusDocument {
  name: string;
  /** As the business titled it (titles.json). */
  title: string;
  format: DocumentFormat;
  bytes: Uint8Array;
}

/** A question a caller might ask, and words of the passage that answers it. */
export interface CorpusQuestion {
  question: string;
  passage: string;
}

const FORMATS: Record<string, DocumentFormat> = { md: "markdown", txt: "text", html: "html" };

/** The corpus documents of test/assets/knowledge, in name order. */
export function corpusDocuments(): CorpusDocument[] {
  const titles: Record<string, string> = JSON.parse(
    readFileSync(join(KNOWLEDGE_DIR, "titles.json"), "utf8"),
  );
  return readdirSync(KNOWLEDGE_DIR)
    .filter((name) => !name.endsWith(".json"))
    .sort()
    .map((name) => {
      const format = FORMATS[name.split(".").pop() ?? ""];
      const title = titles[name];
      if (!format || !title) throw new Error(`no format or title for ${name}`);
      const bytes = new Uint8Array(readFileSync(join(KNOWLEDGE_DIR, name)));
      return { name, title, format, bytes };
    });
}

export function corpusQuestions(): CorpusQuestion[] {
  return JSON.parse(readFileSync(join(KNOWLEDGE_DIR, "questions.json"), "utf8"));
}
