import { useEffect, useRef, useState } from "preact/hooks";
import type { WebhookEndpoint } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { setFlash } from "../../components/flash";
import { formatTime } from "../../components/format";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { navigate, pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { type EndpointDraft, EndpointFields, endpointBody } from "./endpoint-fields";
import { EVENT_TYPES } from "./event-types";
import { SigningSecret } from "./signing-secret";

const draftOf = (endpoint: WebhookEndpoint): EndpointDraft => ({
  url: endpoint.url,
  description: endpoint.description,
  eventTypes:
    endpoint.eventTypes === null || endpoint.eventTypes.length === EVENT_TYPES.length
      ? []
      : endpoint.eventTypes,
  enabled: endpoint.enabled,
});

/** Changes the endpoint's URL, description, events and enabled state. */
export function EndpointSettings(props: {
  endpoint: WebhookEndpoint;
  onSaved: (endpoint: WebhookEndpoint) => void;
}) {
  const { api } = useSession();
  const [draft, setDraft] = useState(() => draftOf(props.endpoint));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const endpoint = await api.call("PATCH /v1/webhook-endpoints/{endpointId}", {
        path: { endpointId: props.endpoint.id },
        body: endpointBody(draft),
      });
      setDraft(draftOf(endpoint));
      setSaved(true);
      props.onSaved(endpoint);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="endpoint-settings-heading">
      <h2 id="endpoint-settings-heading">Settings</h2>
      {error && error.issues.length === 0 && <ErrorNotice error={error} />}
      <EndpointFields
        draft={draft}
        error={error}
        onChange={(next) => {
          setSaved(false);
          setDraft(next);
        }}
      />
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Saving…" : "Save changes"}
        </button>
        <span role="status" class="muted">
          {saved ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}

/** Issues a new signing secret (shown once); the old one keeps signing for a day. */
export function RotateSecret(props: { endpoint: WebhookEndpoint; onRotated: () => void }) {
  const { api } = useSession();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { previousSecretExpiresAt } = props.endpoint;
  if (secret) {
    return (
      <SigningSecret heading="New signing secret" secret={secret} onDone={() => setSecret(null)} />
    );
  }
  const rotate = async () => {
    setError(null);
    try {
      const rotated = await api.call("POST /v1/webhook-endpoints/{endpointId}/rotate-secret", {
        path: { endpointId: props.endpoint.id },
        body: {},
      });
      setSecret(rotated.secret);
      props.onRotated();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section class="panel" aria-labelledby="rotate-heading">
      <h2 id="rotate-heading">Signing secret</h2>
      <p class="hint">
        A new secret is shown once. For a day after, each delivery carries two signatures, one per
        secret, so the receiver can switch without missing an event.
        {previousSecretExpiresAt &&
          ` The previous secret signs until ${formatTime(previousSecretExpiresAt)}.`}
      </p>
      {error && <ErrorNotice error={error} />}
      <button type="button" class="button" onClick={rotate}>
        Issue a new secret
      </button>
    </section>
  );
}

/** Removes the endpoint and its delivery log, after asking. */
export function DeleteEndpoint(props: { endpoint: WebhookEndpoint }) {
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const remove = async () => {
    try {
      await api.call("DELETE /v1/webhook-endpoints/{endpointId}", {
        path: { endpointId: props.endpoint.id },
      });
      setFlash(`Removed the endpoint ${props.endpoint.url}.`);
      navigate(pageHref("webhooks"));
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section class="panel" aria-labelledby="delete-endpoint-heading">
      <h2 id="delete-endpoint-heading">Remove</h2>
      {asking ? (
        <p class="confirm">
          <span>It gets no more events, and its delivery log is deleted.</span>
          <button type="button" class="button button-danger" ref={confirm} onClick={remove}>
            Remove this endpoint now
          </button>
          <button type="button" class="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" class="button button-danger" onClick={() => setAsking(true)}>
          Remove this endpoint
        </button>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
