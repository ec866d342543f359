import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import type { EmbeddingSpec, RetrievalMethod } from "../../domain/knowledge";
import type { KnowledgeStore } from "../../store/knowledge";
import type { TenantStore } from "../../store/tenants";
import { limitBody, limitJsonShape, requireJsonOrFormBody } from "../body-rules";
import type { AppEnv } from "../context";
import { readUpload } from "../document-upload";
import { DEFAULT_JSON_SHAPE } from "../json-shape";
import { failure, noContent, pageOf, responses } from "../schemas";
import { owningTenant, scopeOf } from "../scope";
import { validate } from "../validate";
import {
  CollectionParam,
  CollectionQuery,
  CollectionSchema,
  CreateCollection,
  DocumentParam,
  DocumentQuery,
  DocumentSchema,
  SearchQuery,
  SearchResultSchema,
  TextDocument,
} from "./knowledge-schemas";

/** What the knowledge routes need beside the store: search, the ingestion queue, the limits. */
export interface KnowledgeApi {
  find(request: {
    tenantId: string;
    collectionIds: readonly string[];
    query: string;
    limit: number;
    method?: RetrievalMethod;
  }): Promise<unknown[]>;
  /** Tells ingestion there is new work. */
  wake(): void;
  /** How new collections embed their passages. */
  embedding: EmbeddingSpec;
  maxUploadBytes: number;
  /** Characters of text one document may have. */
  maxDocumentChars: number;
}

const UPLOAD_PATH = /^\/v1\/knowledge\/collections\/[^/]+\/documents\/?$/;

/** The document upload, which takes multipart and larger bodies than the rest of /v1. */
export const isDocumentUpload = (c: Context) =>
  c.req.method === "POST" && UPLOAD_PATH.test(c.req.path);

const tags = ["Knowledge"];

export function knowledgeRoutes(store: KnowledgeStore, tenants: TenantStore, api: KnowledgeApi) {
  const uploadSize = limitBody(api.maxUploadBytes);
  const uploadShape = limitJsonShape({
    ...DEFAULT_JSON_SHAPE,
    maxStringLength: api.maxDocumentChars,
  });
  return new Hono<AppEnv>()
    .post(
      "/collections",
      describeRoute({
        tags,
        summary: "Create a knowledge collection",
        description:
          "Its embedding model and dimension are the server's (EMBEDDING_MODEL, " +
          "EMBEDDING_DIMENSIONS, or the offline embedding without an OpenAI key) and stay fixed.",
        responses: responses(CollectionSchema, 201, "Created"),
      }),
      validate("json", CreateCollection),
      async (c) => {
        const body = c.req.valid("json");
        const tenantId = owningTenant(c.get("principal"), body.tenantId);
        await tenants.get(tenantId);
        const collection = await store.createCollection(tenantId, {
          name: body.name,
          language: body.language,
          embedding: api.embedding,
        });
        return c.json(collection, 201);
      },
    )
    .get(
      "/collections",
      describeRoute({
        tags,
        summary: "List knowledge collections",
        responses: responses(pageOf(CollectionSchema)),
      }),
      validate("query", CollectionQuery),
      async (c) => {
        const { limit, cursor, tenantId } = c.req.valid("query");
        const scope = scopeOf(c.get("principal"));
        return c.json(await store.listCollections(scope, { limit, cursor }, { tenantId }));
      },
    )
    .get(
      "/collections/:collectionId",
      describeRoute({
        tags,
        summary: "Get a knowledge collection",
        responses: responses(CollectionSchema),
      }),
      validate("param", CollectionParam),
      async (c) => {
        const { collectionId } = c.req.valid("param");
        return c.json(await store.getCollection(scopeOf(c.get("principal")), collectionId));
      },
    )
    .delete(
      "/collections/:collectionId",
      describeRoute({
        tags,
        summary: "Delete a knowledge collection and its documents",
        description: "It leaves searches at once; its passages are removed in the background.",
        responses: noContent,
      }),
      validate("param", CollectionParam),
      async (c) => {
        const { collectionId } = c.req.valid("param");
        await store.removeCollection(scopeOf(c.get("principal")), collectionId);
        api.wake();
        return c.body(null, 204);
      },
    )
    .post(
      "/collections/:collectionId/documents",
      describeRoute({
        tags,
        summary: "Add a document (read in the background)",
        description:
          "JSON `{title, text, format?}` for text, Markdown or HTML; or multipart/form-data " +
          "with a `file` part (text, Markdown, HTML or PDF; the format from `format`, the part's " +
          "type or its name) and optional `title`. Answers 202 with the document pending; poll " +
          "it until `ready` (searchable) or `failed` (`error` says why).",
        requestBody: {
          content: {
            "application/json": { schema: resolver(TextDocument) },
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file"],
                properties: {
                  file: { type: "string", format: "binary" },
                  title: { type: "string", maxLength: 300 },
                  format: { type: "string", enum: ["text", "markdown", "html", "pdf"] },
                },
              },
            },
          },
        },
        responses: {
          ...responses(DocumentSchema, 202, "Accepted: to be read"),
          413: failure("The upload or its text is larger than allowed"),
          415: failure("Not JSON or multipart, or a file that is not text, Markdown, HTML or PDF"),
        },
      }),
      uploadSize,
      requireJsonOrFormBody,
      uploadShape,
      validate("param", CollectionParam),
      async (c) => {
        const { collectionId } = c.req.valid("param");
        const collection = await store.getCollection(scopeOf(c.get("principal")), collectionId);
        const upload = await readUpload(c, api.maxDocumentChars);
        const document = await store.addDocument(collection, {
          title: upload.title,
          format: upload.format,
          source: upload.bytes,
        });
        api.wake();
        return c.json(document, 202);
      },
    )
    .get(
      "/collections/:collectionId/documents",
      describeRoute({
        tags,
        summary: "List a collection's documents with their ingestion status",
        responses: responses(pageOf(DocumentSchema)),
      }),
      validate("param", CollectionParam),
      validate("query", DocumentQuery),
      async (c) => {
        const { collectionId } = c.req.valid("param");
        const { limit, cursor, status } = c.req.valid("query");
        const scope = scopeOf(c.get("principal"));
        return c.json(
          await store.listDocuments(scope, collectionId, { limit, cursor }, { status }),
        );
      },
    )
    .get(
      "/collections/:collectionId/documents/:documentId",
      describeRoute({
        tags,
        summary: "Get a document with its ingestion status",
        responses: responses(DocumentSchema),
      }),
      validate("param", DocumentParam),
      async (c) => {
        const { collectionId, documentId } = c.req.valid("param");
        const scope = scopeOf(c.get("principal"));
        return c.json(await store.getDocument(scope, collectionId, documentId));
      },
    )
    .delete(
      "/collections/:collectionId/documents/:documentId",
      describeRoute({
        tags,
        summary: "Delete a document",
        description: "It leaves searches at once; its passages are removed in the background.",
        responses: noContent,
      }),
      validate("param", DocumentParam),
      async (c) => {
        const { collectionId, documentId } = c.req.valid("param");
        await store.removeDocument(scopeOf(c.get("principal")), collectionId, documentId);
        api.wake();
        return c.body(null, 204);
      },
    )
    .get(
      "/collections/:collectionId/search",
      describeRoute({
        tags,
        summary: "Search a collection: passages with scores, best first",
        description:
          "`method` hybrid (default) fuses full-text (BM25) and vector (cosine) rankings by " +
          "reciprocal rank; fulltext or vector use one of them. Only ready documents are searched.",
        responses: responses(SearchResultSchema),
      }),
      validate("param", CollectionParam),
      validate("query", SearchQuery),
      async (c) => {
        const { collectionId } = c.req.valid("param");
        const { q, k, method } = c.req.valid("query");
        const collection = await store.getCollection(scopeOf(c.get("principal")), collectionId);
        const data = await api.find({
          tenantId: collection.tenantId,
          collectionIds: [collection.id],
          query: q,
          limit: k,
          method,
        });
        return c.json({ method, data });
      },
    );
}
