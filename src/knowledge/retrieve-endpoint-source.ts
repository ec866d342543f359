import * as v from "valibot";
import type { KnowledgePassage, KnowledgeSearch } from "../calls/knowledge-port";
import type { Fetch } from "../net/guarded-fetch";
import { authHeaders } from "./auth-headers";
import type { CredentialReader } from "./dify-source";
import { KnowledgeSourceError, postJson } from "./external-request";

/** What a retrieve endpoint answers: `{passages: [{text, title?, score?, id?}]}`, best first. */
const RetrieveAnswer = v.object({
  passages: v.array(
    v.object({
      text: v.string(),
      title: v.optional(v.string()),
      score: v.optional(v.number()),
      id: v.optional(v.string()),
    }),
  ),
});

const MAX_PASSAGE_CHARS = 4000;

/**
 * A tenant's own retrieval service (provider `rag`): `POST url` with `{query, limit}`, answered
 * with passages. An `http_auth` credential, when named, gives the header that goes with it.
 */
export class RetrieveEndpointSource implements KnowledgeSearch {
  constructor(
    private readonly deps: { credentials: CredentialReader; fetch: Fetch },
    private readonly url: string,
    private readonly credentialName: string | undefined,
  ) {}

  async search(request: {
    tenantId: string;
    query: string;
    limit: number;
    signal?: AbortSignal;
  }): Promise<KnowledgePassage[]> {
    let headers: Record<string, string> = {};
    if (this.credentialName !== undefined) {
      const name = this.credentialName;
      const values = await this.deps.credentials.reveal(request.tenantId, name).catch(() => {
        throw new KnowledgeSourceError(`the credential '${name}' does not exist`);
      });
      if (values.kind !== "http_auth") {
        throw new KnowledgeSourceError(`the credential '${name}' is not an http_auth one`);
      }
      headers = authHeaders(values);
    }
    const body = await postJson(
      this.deps.fetch,
      "the retrieve endpoint",
      this.url,
      headers,
      { query: request.query, limit: request.limit },
      request.signal,
    );
    const parsed = v.safeParse(RetrieveAnswer, body);
    if (!parsed.success) {
      throw new KnowledgeSourceError("the retrieve endpoint's answer is not {passages: [{text}]}");
    }
    return parsed.output.passages.slice(0, request.limit).map((p, i) => ({
      collectionId: "rag",
      documentId: p.id ?? `rag-${i + 1}`,
      title: p.title ?? "",
      text: p.text.slice(0, MAX_PASSAGE_CHARS),
      score: p.score ?? 1 / (i + 1),
    }));
  }
}
