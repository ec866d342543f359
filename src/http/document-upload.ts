import type { Context } from "hono";
import * as v from "valibot";
import { DomainError, invalid } from "../domain/errors";
import type { DocumentFormat } from "../domain/knowledge";
import { htmlTitle } from "../knowledge/html-text";
import type { AppEnv } from "./context";
import { TextDocument, UploadFields } from "./routes/knowledge-schemas";
import { invalidInput } from "./validate";

/** An uploaded document as the store takes it. */
export interface Upload {
  title: string;
  format: DocumentFormat;
  bytes: Uint8Array;
}

const BY_TYPE: Record<string, DocumentFormat> = {
  "text/plain": "text",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/pdf": "pdf",
};
const BY_EXTENSION: Record<string, DocumentFormat> = {
  txt: "text",
  text: "text",
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  pdf: "pdf",
};

const unsupported = (what: string) =>
  new DomainError(
    "unsupported_media_type",
    `body.file: ${what} is not one of text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf)`,
  );

/** The file's format: as the form says, else by its media type, else by its name's extension. */
function formatOf(file: File, stated: DocumentFormat | undefined): DocumentFormat {
  if (stated) return stated;
  const type = file.type.split(";")[0]?.trim().toLowerCase() ?? "";
  const byType = BY_TYPE[type];
  if (byType) return byType;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? "";
  const byExtension = BY_EXTENSION[extension];
  if (byExtension) return byExtension;
  throw unsupported(type && type !== "application/octet-stream" ? `'${type}'` : "the file's type");
}

/** Refuses what ingestion could not read anyway, while the uploader is still there to hear it. */
function checkContent(format: DocumentFormat, bytes: Uint8Array, maxChars: number): void {
  if (bytes.byteLength === 0) throw invalid("body.file: is empty");
  if (format === "pdf") {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
    if (!head.includes("%PDF-")) {
      throw new DomainError("unsupported_media_type", "body.file: is not a PDF (no %PDF- header)");
    }
    return;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError("unsupported_media_type", "body.file: is not UTF-8 text");
  }
  if (text.length > maxChars) {
    throw new DomainError(
      "payload_too_large",
      `body.file: has ${text.length} characters of text, over the limit of ${maxChars}`,
    );
  }
}

const stem = (name: string) => name.replace(/\.[a-z0-9]+$/i, "").trim();

/** Reads the upload: JSON `{title, text, format?}`, or multipart with `file` (and `title`, `format`). */
export async function readUpload(c: Context<AppEnv>, maxChars: number): Promise<Upload> {
  const type = c.req.header("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw invalid("body: is not valid JSON");
    }
    const parsed = v.safeParse(TextDocument, body);
    if (!parsed.success) throw invalidInput("json", parsed.issues);
    const { title, text, format } = parsed.output;
    const bytes = new TextEncoder().encode(text);
    checkContent(format, bytes, maxChars);
    return { title, format, bytes };
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw invalid("body: is not valid multipart/form-data");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw invalid("body.file: required, as a file part");
  const fields = v.safeParse(UploadFields, {
    title: form.get("title") ?? undefined,
    format: form.get("format") ?? undefined,
  });
  if (!fields.success) throw invalidInput("json", fields.issues);
  const format = formatOf(file, fields.output.format);
  const bytes = new Uint8Array(await file.arrayBuffer());
  checkContent(format, bytes, maxChars);
  const pageTitle =
    format === "html" ? htmlTitle(new TextDecoder().decode(bytes.subarray(0, 65_536))) : null;
  const title = fields.output.title ?? pageTitle ?? (stem(file.name) || "Untitled");
  return { title, format, bytes };
}
