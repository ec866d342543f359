import { useEffect, useRef, useState } from "preact/hooks";
import type { Agent, AgentVersion } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { DataTable } from "../../components/data-table";
import { Field } from "../../components/field";
import { formatTime } from "../../components/format";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";

function PublishForm(props: {
  agent: Agent;
  unsaved: boolean;
  onPublished: (v: AgentVersion) => void;
}) {
  const { api } = useSession();
  const [note, setNote] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const publish = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const version = await api.call("POST /v1/agents/{agentId}/publish", {
        path: { agentId: props.agent.id },
        body: note.trim() ? { note: note.trim() } : {},
      });
      setNote("");
      props.onPublished(version);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={publish} noValidate aria-labelledby="publish-heading">
      <h3 id="publish-heading">Publish the draft</h3>
      <p class="hint">
        Calls use the published version, never the draft. Publishing makes draft revision{" "}
        {props.agent.draftRevision} version {(props.agent.publishedVersion ?? 0) + 1}.
      </p>
      {props.unsaved && (
        <p class="notice">You have unsaved edits: they are not published until you save them.</p>
      )}
      {error && error.issues.length === 0 && <ErrorNotice error={error} />}
      <Field
        label="Note (optional)"
        hint="What changed, for the version list."
        error={error?.issueFor("body.note")}
      >
        {(control) => (
          <input
            {...control}
            name="note"
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? "Publishing…" : "Publish"}
      </button>
    </form>
  );
}

function RollbackButton(props: { version: AgentVersion; onDone: (v: AgentVersion) => void }) {
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const { version } = props.version;
  if (!asking) {
    return (
      <button type="button" class="button button-small" onClick={() => setAsking(true)}>
        Roll back to version {version}
      </button>
    );
  }
  const rollback = async () => {
    try {
      const published = await api.call("POST /v1/agents/{agentId}/versions/{version}/rollback", {
        path: { agentId: props.version.agentId, version: String(version) },
      });
      props.onDone(published);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <span class="confirm">
      <span>Its config is published again as a new version; the draft stays as it is.</span>
      <button
        type="button"
        class="button button-danger button-small"
        ref={confirm}
        onClick={rollback}
      >
        Publish version {version} again
      </button>
      <button type="button" class="button button-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error && <ErrorNotice error={error} />}
    </span>
  );
}

/** Publishing the draft, and the versions published so far, newest first, with rollback. */
export function VersionsTab(props: {
  agent: Agent;
  versions: readonly AgentVersion[];
  unsaved: boolean;
  onPublished: (message: string) => void;
}) {
  const { agent } = props;
  return (
    <>
      <PublishForm
        agent={agent}
        unsaved={props.unsaved}
        onPublished={(v) => props.onPublished(`Published version ${v.version}.`)}
      />
      <DataTable<AgentVersion>
        caption="Published versions"
        rows={props.versions}
        rowKey={(v) => String(v.version)}
        empty="No version is published yet."
        columns={[
          {
            header: "Version",
            cell: (v) => (
              <>
                {v.version}
                {v.version === agent.publishedVersion && (
                  <span class="badge badge-active">live</span>
                )}
              </>
            ),
            numeric: true,
          },
          { header: "Published", cell: (v) => formatTime(v.publishedAt) },
          { header: "Note", cell: (v) => v.note || "—" },
          { header: "By", cell: (v) => <code>{v.publishedBy}</code> },
          {
            header: "Actions",
            cell: (v) =>
              v.version === agent.publishedVersion ? (
                "—"
              ) : (
                <RollbackButton
                  version={v}
                  onDone={(p) =>
                    props.onPublished(
                      `Version ${v.version} is live again, as version ${p.version}.`,
                    )
                  }
                />
              ),
          },
        ]}
      />
    </>
  );
}
