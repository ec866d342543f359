import { useState } from "preact/hooks";
import type { Agent, Binding, Credential } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { setFlash } from "../../components/flash";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { navigate, pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";
import { AgentSelect } from "./agent-select";
import { CHANNEL_NAMES, CHANNELS, type Channel } from "./channels";
import { useTenantAgents } from "./tenant-agents";

type Origin = Binding["webhookOrigin"];

const FIELDS = ["channel", "address", "agentId", "label", "credential", "webhookOrigin"];

function LineForm(props: { agents: readonly Agent[]; credentials: readonly Credential[] }) {
  const { api } = useSession();
  const tenantId = useTenantId();
  const [channel, setChannel] = useState<Channel>("whatsapp_cloud");
  const [address, setAddress] = useState("");
  const [agentId, setAgentId] = useState(props.agents.length === 1 ? props.agents[0]?.id : "");
  const [label, setLabel] = useState("");
  const [credential, setCredential] = useState("");
  const [origin, setOrigin] = useState<Origin>("platform");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const info = CHANNELS[channel];
  const usable = props.credentials.filter((c) => c.kind === info.credentialKind);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.call("POST /v1/bindings", {
        body: {
          tenantId,
          channel,
          address,
          agentId: agentId ?? "",
          ...(label && { label }),
          ...(credential && channel !== "twilio" && { credential }),
          ...(channel === "whatsapp_cloud" && { webhookOrigin: origin }),
        },
      });
      setFlash(`Line ${created.label || created.address} now reaches its agent.`);
      navigate(pageHref("lines"));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const unplaced = error && !error.issues.some((i) => FIELDS.includes(i.field.slice(5)));
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="new-line-heading">
      <h2 id="new-line-heading">New line</h2>
      {unplaced && <ErrorNotice error={error} title="The line was not created." />}
      <Field label="Channel" error={error?.issueFor("body.channel")}>
        {(control) => (
          <select
            {...control}
            name="channel"
            value={channel}
            onChange={(e) => {
              setChannel(e.currentTarget.value as Channel);
              setCredential("");
            }}
          >
            {CHANNEL_NAMES.map((name) => (
              <option key={name} value={name}>
                {CHANNELS[name].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={info.address} hint={info.addressHint} error={error?.issueFor("body.address")}>
        {(control) => (
          <input
            {...control}
            name="address"
            value={address}
            autoComplete="off"
            onInput={(e) => setAddress(e.currentTarget.value)}
          />
        )}
      </Field>
      <AgentSelect
        agents={props.agents}
        value={agentId ?? ""}
        onChange={setAgentId}
        error={error?.issueFor("body.agentId")}
      />
      <Field
        label="Label (optional)"
        hint="For your team, e.g. “Main reception”."
        error={error?.issueFor("body.label")}
      >
        {(control) => (
          <input
            {...control}
            name="label"
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        )}
      </Field>
      {channel === "twilio" ? (
        <p class="hint">
          Twilio numbers use the credential named <code>twilio</code>: its auth token signs their
          webhooks.
        </p>
      ) : (
        <Field
          label="Credential"
          hint={
            <>
              The provider account its calls use.{" "}
              <Link href={pageHref("credentials")}>Manage credentials</Link>
            </>
          }
          error={error?.issueFor("body.credential")}
        >
          {(control) => (
            <select
              {...control}
              name="credential"
              value={credential}
              onChange={(e) => setCredential(e.currentTarget.value)}
            >
              <option value="">The one named {channel}</option>
              {usable.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {channel === "whatsapp_cloud" && (
        <Field
          label="Webhooks from"
          hint="Which Meta app sends this number's calls."
          error={error?.issueFor("body.webhookOrigin")}
        >
          {(control) => (
            <select
              {...control}
              name="webhookOrigin"
              value={origin}
              onChange={(e) => setOrigin(e.currentTarget.value as Origin)}
            >
              <option value="platform">The platform's Meta app</option>
              <option value="tenant">Your own Meta app</option>
            </select>
          )}
        </Field>
      )}
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Creating…" : "Create line"}
        </button>
        <Link href={pageHref("lines")} class="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** /console/lines/new: a channel address routed to one of the tenant's agents. */
export function NewLine() {
  const { api } = useSession();
  const tenantId = useTenantId();
  const agents = useTenantAgents();
  const credentials = useLoad(
    async () =>
      (
        await api.call("GET /v1/tenants/{tenantId}/credentials", {
          path: { tenantId },
          query: { limit: "200" },
        })
      ).data,
    [],
  );
  return (
    <Loaded result={agents} what="agents">
      {(agentList) => (
        <Loaded result={credentials} what="credentials">
          {(credentialList) => <LineForm agents={agentList} credentials={credentialList} />}
        </Loaded>
      )}
    </Loaded>
  );
}
