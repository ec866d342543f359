import { useState } from "preact/hooks";
import type { ApiError } from "../../api/client";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";
import { downloadTranscript, type ExportFormat } from "./recording";

const FORMATS: ReadonlyArray<{ format: ExportFormat; label: string }> = [
  { format: "txt", label: "Text" },
  { format: "pdf", label: "PDF" },
  { format: "json", label: "JSON" },
];

/** The transcript to keep or share, as a file: text, PDF or JSON. */
export function TranscriptExports(props: { callId: string }) {
  const { api } = useSession();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      await downloadTranscript(api, props.callId, format);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="panel" aria-labelledby="exports-heading">
      <h2 id="exports-heading">Export the transcript</h2>
      <p class="muted">Phone numbers, keys and tokens in it are masked.</p>
      <div class="actions">
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            class="button"
            disabled={busy !== null}
            onClick={() => save(format)}
          >
            {busy === format ? "Preparing…" : label}
            <span class="visually-hidden"> transcript</span>
          </button>
        ))}
      </div>
      {error && <ErrorNotice error={error} title="The export failed." />}
    </section>
  );
}
