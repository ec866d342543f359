import * as v from "valibot";
import { DOCUMENT_FORMATS, RETRIEVAL_METHODS } from "../../domain/knowledge";
import { LANGUAGES } from "../../domain/languages";
import { named, PageQuery, resourceId } from "../schemas";

/** Request and response shapes of the knowledge routes. */

export const CollectionParam = v.object({ collectionId: resourceId("kbc") });
export const DocumentParam = v.object({
  collectionId: resourceId("kbc"),
  documentId: resourceId("kbd"),
});

export const CreateCollection = named(
  "KnowledgeCollectionCreate",
  v.strictObject({
    tenantId: v.optional(resourceId("ten")),
    name: v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200)),
    language: v.optional(v.picklist(LANGUAGES), "en"),
  }),
);

export const CollectionQuery = v.object({
  ...PageQuery.entries,
  tenantId: v.optional(resourceId("ten")),
});

export const DocumentQuery = v.object({
  ...PageQuery.entries,
  status: v.optional(v.picklist(["pending", "processing", "ready", "failed"])),
});

export const title = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  v.maxLength(300),
);

/** A document sent as JSON: its text (PDFs go as a file, in multipart/form-data). */
export const TextDocument = named(
  "KnowledgeTextDocument",
  v.strictObject({
    title,
    text: v.pipe(v.string(), v.minLength(1, "must not be empty")),
    format: v.optional(v.picklist(["text", "markdown", "html"]), "text"),
  }),
);

/** The fields beside the file in a multipart upload. */
export const UploadFields = v.object({
  title: v.optional(title),
  format: v.optional(v.picklist(DOCUMENT_FORMATS)),
});

export const SearchQuery = v.object({
  q: v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(1000)),
  k: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(50),
    ),
    "5",
  ),
  method: v.optional(v.picklist(RETRIEVAL_METHODS), "hybrid"),
});

export const CollectionSchema = named(
  "KnowledgeCollection",
  v.object({
    id: v.string(),
    tenantId: v.string(),
    name: v.string(),
    language: v.string(),
    embedding: v.object({
      model: v.pipe(v.string(), v.description("Fixed when the collection is made")),
      dimensions: v.number(),
    }),
    documentCount: v.number(),
    chunkCount: v.pipe(v.number(), v.description("Passages of the ready documents")),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
);

export const DocumentSchema = named(
  "KnowledgeDocument",
  v.object({
    id: v.string(),
    collectionId: v.string(),
    tenantId: v.string(),
    title: v.string(),
    format: v.picklist(DOCUMENT_FORMATS),
    byteSize: v.number(),
    status: v.pipe(
      v.picklist(["pending", "processing", "ready", "failed"]),
      v.description("pending → processing → ready (searchable) or failed (see error)"),
    ),
    error: v.nullable(v.string()),
    chunkCount: v.number(),
    createdAt: v.string(),
    updatedAt: v.string(),
    ingestedAt: v.nullable(v.string()),
  }),
);

export const SearchResultSchema = named(
  "KnowledgeSearchResult",
  v.object({
    method: v.picklist(RETRIEVAL_METHODS),
    data: v.array(
      v.object({
        collectionId: v.string(),
        documentId: v.string(),
        documentTitle: v.string(),
        heading: v.pipe(v.string(), v.description("The headings above the passage")),
        text: v.string(),
        score: v.pipe(
          v.number(),
          v.description("Reciprocal rank fusion score; higher is better, within one search"),
        ),
      }),
    ),
  }),
);
