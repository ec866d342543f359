import { EgressRefused } from "../net/egress-guard";
import type { Fetch } from "../net/guarded-fetch";

/** An external knowledge source failed; the message names the source and how, never the URL. */
export class KnowledgeSourceError extends Error {
  override name = "KnowledgeSourceError";
}

/** A source's answer is read up to this size; a larger one is refused. */
const MAX_RESPONSE_BYTES = 1_048_576;

async function cappedText(response: Response, source: string): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new KnowledgeSourceError(
        `${source} answered with more than ${MAX_RESPONSE_BYTES} bytes`,
      );
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

/**
 * POSTs JSON to a source a tenant configured (through the egress guard) and returns the parsed
 * answer. Failures become KnowledgeSourceError naming `source` and the status or refusal.
 */
export async function postJson(
  fetch: Fetch,
  source: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      ...(signal && { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof EgressRefused)
      throw new KnowledgeSourceError(`${source}: ${error.message}`);
    throw new KnowledgeSourceError(`${source} could not be reached`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new KnowledgeSourceError(`${source} answered ${response.status}`);
  }
  const text = await cappedText(response, source);
  try {
    return JSON.parse(text);
  } catch {
    throw new KnowledgeSourceError(`${source} did not answer with JSON`);
  }
}
