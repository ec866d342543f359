import { useEffect, useRef, useState } from "preact/hooks";
import type { Agent, Binding } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { setFlash } from "../../components/flash";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { navigate, pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { AgentSelect } from "./agent-select";
import { CHANNELS } from "./channels";
import { useTenantAgents } from "./tenant-agents";

function DeleteLine(props: { line: Binding }) {
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const remove = async () => {
    try {
      await api.call("DELETE /v1/bindings/{bindingId}", { path: { bindingId: props.line.id } });
      setFlash("Line deleted: its calls no longer reach an agent.");
      navigate(pageHref("lines"));
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section class="form danger-zone" aria-labelledby="delete-line-heading">
      <h2 id="delete-line-heading">Delete this line</h2>
      {asking ? (
        <p class="confirm">
          <span>Calls to it will no longer reach an agent.</span>
          <button type="button" class="button button-danger" ref={confirm} onClick={remove}>
            Delete line now
          </button>
          <button type="button" class="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" class="button button-danger" onClick={() => setAsking(true)}>
          Delete line
        </button>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}

function EditForm(props: { line: Binding; agents: readonly Agent[] }) {
  const { api } = useSession();
  const { line } = props;
  const [agentId, setAgentId] = useState(line.agentId);
  const [label, setLabel] = useState(line.label);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call("PATCH /v1/bindings/{bindingId}", {
        path: { bindingId: line.id },
        body: { agentId, label },
      });
      setFlash("Line saved.");
      navigate(pageHref("lines"));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const placed = ["body.agentId", "body.label"];
  const unplaced = error && !error.issues.some((i) => placed.includes(i.field));
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="edit-line-heading">
      <h2 id="edit-line-heading">
        {CHANNELS[line.channel]?.label ?? line.channel}: <span class="mono">{line.address}</span>
      </h2>
      <p class="hint">
        The channel and address stay as they are; to move a number, delete this line and create
        another.
      </p>
      {unplaced && <ErrorNotice error={error} title="The line was not saved." />}
      <AgentSelect
        agents={props.agents}
        value={agentId}
        onChange={setAgentId}
        error={error?.issueFor("body.agentId")}
        label="Agent that answers"
      />
      <Field label="Label" error={error?.issueFor("body.label")}>
        {(control) => (
          <input
            {...control}
            name="label"
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Saving…" : "Save line"}
        </button>
        <Link href={pageHref("lines")} class="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** /console/lines/<id>: point a line at another agent, relabel it, or delete it. */
export function EditLine(props: { bindingId: string }) {
  const { api } = useSession();
  const agents = useTenantAgents();
  const line = useLoad(
    () => api.call("GET /v1/bindings/{bindingId}", { path: { bindingId: props.bindingId } }),
    [props.bindingId],
  );
  return (
    <Loaded result={line} what="the line">
      {(found) => (
        <Loaded result={agents} what="agents">
          {(agentList) => (
            <>
              <EditForm line={found} agents={agentList} />
              <DeleteLine line={found} />
            </>
          )}
        </Loaded>
      )}
    </Loaded>
  );
}
