import { useId, useRef, useState } from "preact/hooks";
import type { KnowledgeDocument } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { formatNumber } from "../../components/format";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";

const ACCEPT =
  ".txt,.text,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf";

type Progress = { sent: number; total: number } | null;

const kb = (bytes: number) => `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;

/** A progress bar for the bytes sent so far, with the same figures in words. */
function UploadProgress(props: { progress: NonNullable<Progress>; done: boolean }) {
  const id = useId();
  const { sent, total } = props.progress;
  const percent = total > 0 ? Math.round((sent / total) * 100) : 0;
  return (
    <div class="upload-progress">
      <label for={id}>Upload progress</label>
      <progress id={id} max={100} value={percent}>
        {percent}%
      </progress>
      <p class="muted" aria-live="polite">
        {props.done
          ? `Uploaded ${kb(total)}: 100%. The gateway is reading it now.`
          : `${percent}% (${kb(sent)} of ${kb(total)})`}
      </p>
    </div>
  );
}

/**
 * Uploads a text, Markdown, HTML or PDF file to the collection, showing how much has been sent.
 * The API answers at once with the document pending; the list shows it being read.
 */
export function UploadForm(props: {
  collectionId: string;
  onUploaded: (document: KnowledgeDocument) => void;
}) {
  const { api } = useSession();
  const [title, setTitle] = useState("");
  const [progress, setProgress] = useState<Progress>(null);
  const [uploaded, setUploaded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    const form = new FormData();
    // No file: sent without one, so the API's own message says what is missing.
    if (file) form.append("file", file);
    if (title.trim()) form.append("title", title.trim());
    setBusy(true);
    setError(null);
    setUploaded(false);
    setProgress(file ? { sent: 0, total: file.size } : null);
    try {
      const document = await api.upload(
        "POST /v1/knowledge/collections/{collectionId}/documents",
        { path: { collectionId: props.collectionId }, form },
        (sent, total) => setProgress({ sent, total }),
      );
      setUploaded(true);
      setProgress(file ? { sent: file.size, total: file.size } : null);
      setTitle("");
      if (fileInput.current) fileInput.current.value = "";
      props.onUploaded(document);
    } catch (caught) {
      setError(asApiError(caught));
      setProgress(null);
    } finally {
      setBusy(false);
    }
  };
  const placed = ["body.file", "body.title", "body.format"];
  const unplaced = error && !error.issues.some((i) => placed.includes(i.field));
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">Add a document</h2>
      {unplaced && <ErrorNotice error={error} title="The document was not added." />}
      <Field
        label="File"
        hint="Text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf)."
        error={error?.issueFor("body.file")}
      >
        {(control) => (
          <input {...control} ref={fileInput} type="file" name="file" accept={ACCEPT} />
        )}
      </Field>
      <Field
        label="Title (optional)"
        hint="Empty: the HTML page's title or the file's name."
        error={error?.issueFor("body.title")}
      >
        {(control) => (
          <input
            {...control}
            name="title"
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Uploading…" : "Upload"}
        </button>
      </div>
      {progress && <UploadProgress progress={progress} done={uploaded} />}
    </form>
  );
}
