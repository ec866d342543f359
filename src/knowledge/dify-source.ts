import * as v from "valibot";
import type { KnowledgePassage, KnowledgeSearch } from "../calls/knowledge-port";
import type { CredentialValues } from "../domain/credentials";
import type { Fetch } from "../net/guarded-fetch";
import { KnowledgeSourceError, postJson } from "./external-request";

/** Reads a tenant's stored credential by name (the store's `reveal`). */
export interface CredentialReader {
  reveal(tenantId: string, name: string): Promise<CredentialValues>;
}

const DifyAnswer = v.object({
  answer: v.optional(v.string(), ""),
  metadata: v.optional(
    v.object({
      retriever_resources: v.optional(
        v.array(
          v.object({
            document_id: v.optional(v.nullable(v.string())),
            document_name: v.optional(v.nullable(v.string())),
            content: v.optional(v.nullable(v.string())),
            score: v.optional(v.nullable(v.number())),
          }),
        ),
        [],
      ),
    }),
    {},
  ),
});

/** A passage from a source is cut to this many characters. */
const MAX_PASSAGE_CHARS = 4000;

/**
 * A Dify app as a knowledge source: the question goes to its chat API (blocking), and the
 * passages its retrieval found come back; when it gives none, its answer is the one passage.
 * The tenant's `dify` credential gives the API's base URL and the app's key.
 */
export class DifySource implements KnowledgeSearch {
  constructor(
    private readonly deps: { credentials: CredentialReader; fetch: Fetch },
    private readonly credentialName: string,
  ) {}

  async search(request: {
    tenantId: string;
    query: string;
    limit: number;
    signal?: AbortSignal;
  }): Promise<KnowledgePassage[]> {
    const values = await this.deps.credentials
      .reveal(request.tenantId, this.credentialName)
      .catch(() => {
        throw new KnowledgeSourceError(
          `the Dify credential '${this.credentialName}' does not exist`,
        );
      });
    if (values.kind !== "dify") {
      throw new KnowledgeSourceError(`the credential '${this.credentialName}' is not a dify one`);
    }
    const url = `${values.baseUrl.replace(/\/+$/, "")}/chat-messages`;
    const body = await postJson(
      this.deps.fetch,
      "the Dify app",
      url,
      { authorization: `Bearer ${values.token}` },
      { inputs: {}, query: request.query, response_mode: "blocking", user: "astra-voice" },
      request.signal,
    );
    const parsed = v.safeParse(DifyAnswer, body);
    if (!parsed.success)
      throw new KnowledgeSourceError("the Dify app's answer is not shaped as documented");
    const resources = parsed.output.metadata.retriever_resources.filter((r) => r.content);
    const passages: KnowledgePassage[] = resources.map((r, i) => ({
      collectionId: "dify",
      documentId: r.document_id ?? `dify-${i + 1}`,
      title: r.document_name ?? "Dify",
      text: (r.content ?? "").slice(0, MAX_PASSAGE_CHARS),
      score: r.score ?? 1 / (i + 1),
    }));
    const answer = parsed.output.answer.trim();
    if (passages.length === 0 && answer !== "") {
      passages.push({
        collectionId: "dify",
        documentId: "dify-answer",
        title: "Dify",
        text: answer.slice(0, MAX_PASSAGE_CHARS),
        score: 1,
      });
    }
    return passages.slice(0, request.limit);
  }
}
