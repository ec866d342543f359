import { useState } from "preact/hooks";
import type { CallAnalysis, ConversationDetail } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { formatTime } from "../../components/format";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";

/** A field's value as a reader wants it: words as words, anything else as compact JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function AnalysisFigures(props: { analysis: CallAnalysis }) {
  const { analysis } = props;
  const fields = Object.entries(analysis.fields);
  return (
    <>
      <p>{analysis.summary}</p>
      <dl class="facts">
        <div>
          <dt>Outcome</dt>
          <dd>
            <code>{analysis.outcome}</code>
          </dd>
        </div>
        <div>
          <dt>Sentiment</dt>
          <dd>{analysis.sentiment}</dd>
        </div>
        {fields.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{shown(value)}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">
        Made {formatTime(analysis.createdAt)}
        {analysis.model && ` by ${analysis.model}`}.
      </p>
    </>
  );
}

/** The post-call analysis, and a way to have it made again. */
export function AnalysisPanel(props: { call: ConversationDetail; onAnalysed: () => void }) {
  const { api } = useSession();
  const { call } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [fresh, setFresh] = useState<CallAnalysis | null>(null);
  const analysis = fresh ?? call.analysis;
  const canRun = call.status === "ended" && call.deletedAt === null;
  const analyse = async () => {
    setBusy(true);
    setError(null);
    try {
      setFresh(
        await api.call("POST /v1/conversations/{callId}/analysis", { path: { callId: call.id } }),
      );
      props.onAnalysed();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="analysis-heading">
      <h2 id="analysis-heading">Analysis</h2>
      {analysis ? (
        <AnalysisFigures analysis={analysis} />
      ) : (
        <p class="muted">
          {call.deletedAt
            ? "Deleted with the conversation."
            : call.status !== "ended"
              ? "Made once the call has ended."
              : "None yet: it is made in the background after the call, unless the agent's analysis is turned off."}
        </p>
      )}
      {error && <ErrorNotice error={error} title="The analysis was not made." />}
      {canRun && (
        <button type="button" class="button" disabled={busy} onClick={analyse}>
          {busy ? "Analysing…" : analysis ? "Analyse again" : "Analyse now"}
        </button>
      )}
    </section>
  );
}
