import { useState } from "preact/hooks";
import type { PlaceCallRequest } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { useSession, useTenantId } from "../../shell/session";

type Channel = PlaceCallRequest["channel"];
interface Variable {
  id: number;
  name: string;
  value: string;
}

const CHANNELS: Record<Channel, { label: string; hint: string }> = {
  whatsapp: {
    label: "WhatsApp",
    hint: "From the agent's WhatsApp line. If the user has not allowed calls, they are asked first.",
  },
  phone: { label: "Phone", hint: "From the agent's Twilio number." },
};

/** A number as people write it, "+44 20 7946 0000", as the API takes it: digits and a leading +. */
const compactNumber = (typed: string) => typed.replace(/[\s().-]/g, "");

let nextVariableId = 1;

function VariableRows(props: { rows: Variable[]; onChange: (rows: Variable[]) => void }) {
  const { rows, onChange } = props;
  const change = (id: number, patch: Partial<Variable>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <fieldset class="field variables">
      <legend>Variables (optional)</legend>
      <p class="hint">
        What the agent should know about this call, e.g. <code>order</code> = <code>A-17</code>; its
        instructions can use them as <code>{"{{order}}"}</code>.
      </p>
      {rows.map((row, i) => (
        <div class="variable-row" key={row.id}>
          <label>
            Name {i + 1}
            <input
              name={`variable-name-${i + 1}`}
              value={row.name}
              autoComplete="off"
              onInput={(e) => change(row.id, { name: e.currentTarget.value })}
            />
          </label>
          <label>
            Value {i + 1}
            <input
              name={`variable-value-${i + 1}`}
              value={row.value}
              autoComplete="off"
              onInput={(e) => change(row.id, { value: e.currentTarget.value })}
            />
          </label>
          <button
            type="button"
            class="button button-small"
            onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
          >
            Remove<span class="visually-hidden"> variable {i + 1}</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        class="button button-small"
        onClick={() => onChange([...rows, { id: nextVariableId++, name: "", value: "" }])}
      >
        Add a variable
      </button>
    </fieldset>
  );
}

/**
 * Places a call from one of the tenant's published agents. Each distinct request carries its own
 * Idempotency-Key: sending the same form again (after a lost answer) cannot call twice, and a
 * changed form is a new call.
 */
export function CallForm(props: { onPlaced: (callId: string) => void }) {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const agents = useLoad(
    () =>
      api.call("GET /v1/agents", {
        query: {
          tenantId: who.kind === "admin" ? tenantId : undefined,
          published: "true",
          limit: "200",
        },
      }),
    [],
  );
  const [agentId, setAgentId] = useState("");
  const [channel, setChannel] = useState<Channel>("whatsapp");
  const [to, setTo] = useState("");
  const [variables, setVariables] = useState<Variable[]>([]);
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const edited = () => setRequestKey(crypto.randomUUID());

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const placed = await api.call("POST /v1/calls", {
        body: {
          agentId,
          channel,
          to: compactNumber(to),
          variables: Object.fromEntries(
            variables.filter((v) => v.name.trim() !== "").map((v) => [v.name.trim(), v.value]),
          ),
        },
        headers: { "Idempotency-Key": requestKey },
      });
      props.onPlaced(placed.callId);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  // A refusal about the agent or number shows beside that field; any other, above the form.
  const unplaced = error && !error.issueFor("body.agentId") && !error.issueFor("body.to");
  return (
    <Loaded result={agents} what="agents">
      {(page) =>
        page.data.length === 0 ? (
          <p class="empty">
            No agent is published yet: publish one on the Agents page to place calls from it.
          </p>
        ) : (
          <form
            class="form"
            onSubmit={submit}
            onInput={edited}
            onChange={edited}
            noValidate
            aria-labelledby="call-form-heading"
          >
            <h2 id="call-form-heading">Place a call</h2>
            {unplaced && <ErrorNotice error={error} title="The call was not placed." />}
            <Field label="Agent" error={error?.issueFor("body.agentId")}>
              {(control) => (
                <select
                  {...control}
                  name="agentId"
                  value={agentId}
                  onChange={(e) => setAgentId(e.currentTarget.value)}
                >
                  <option value="">Choose an agent</option>
                  {page.data.map((agent) => (
                    <option key={agent.id} value={agent.id}>
                      {agent.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <fieldset class="field channels">
              <legend>Call over</legend>
              {Object.entries(CHANNELS).map(([value, option]) => (
                <label key={value} class="channel-choice">
                  <input
                    type="radio"
                    name="channel"
                    value={value}
                    checked={channel === value}
                    onChange={() => setChannel(value as Channel)}
                  />
                  <span>
                    {option.label} <span class="hint block">{option.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <Field
              label={channel === "whatsapp" ? "WhatsApp number" : "Phone number"}
              hint="In international form with the country code, e.g. +44 7700 900123."
              error={error?.issueFor("body.to")}
            >
              {(control) => (
                <input
                  {...control}
                  type="tel"
                  name="to"
                  autoComplete="off"
                  value={to}
                  onInput={(e) => setTo(e.currentTarget.value)}
                />
              )}
            </Field>
            <VariableRows
              rows={variables}
              onChange={(rows) => {
                edited();
                setVariables(rows);
              }}
            />
            <div class="actions">
              <button type="submit" class="button button-primary" disabled={busy}>
                {busy ? "Placing the call…" : "Call now"}
              </button>
            </div>
          </form>
        )
      }
    </Loaded>
  );
}
