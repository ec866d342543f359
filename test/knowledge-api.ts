import type { Reply, TestApi } from "./api-harness";

/** Knowledge routes as a tenant uses them, for tests. */
export function knowledgeClient(api: TestApi, key: string) {
  const base = "/v1/knowledge/collections";
  return {
    createCollection: (body: Record<string, unknown> = { name: "Front desk" }) =>
      api.call("POST", base, { key, body }),
    addText: (collectionId: string, body: Record<string, unknown>) =>
      api.call("POST", `${base}/${collectionId}/documents`, { key, body }),
    /** A multipart upload of one file (and other form fields). */
    async upload(
      collectionId: string,
      file: { name: string; type?: string; bytes: Uint8Array<ArrayBuffer> | string },
      fields: Record<string, string> = {},
    ): Promise<Reply> {
      const form = new FormData();
      const blob = new File([file.bytes], file.name, file.type ? { type: file.type } : {});
      form.append("file", blob);
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      const res = await api.app.request(`${base}/${collectionId}/documents`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
    document: (collectionId: string, documentId: string) =>
      api.call("GET", `${base}/${collectionId}/documents/${documentId}`, { key }),
    documents: (collectionId: string, query = "") =>
      api.call("GET", `${base}/${collectionId}/documents${query}`, { key }),
    search: (collectionId: string, q: string, extra = "") =>
      api.call("GET", `${base}/${collectionId}/search?q=${encodeURIComponent(q)}${extra}`, {
        key,
      }),
    /** Waits until every upload so far is read (or failed). */
    settled: () => api.knowledge.ingestion.idle(),
  };
}

/** Rows of a table, to show what a deletion left behind. */
export async function countRows(api: TestApi, table: string): Promise<number> {
  const result = await api.stores.db.execute(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(result.rows[0]?.n ?? 0);
}
