import { useState } from "preact/hooks";
import type { WebhookEndpoint, WebhookEndpointWithSecret } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { DataTable } from "../../components/data-table";
import { formatTime } from "../../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";
import { EMPTY_DRAFT, EndpointFields, endpointBody } from "./endpoint-fields";
import { describeEventTypes } from "./event-types";
import { SigningSecret } from "./signing-secret";

function NewEndpointForm(props: { onCreated: (created: WebhookEndpointWithSecret) => void }) {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.call("POST /v1/webhook-endpoints", {
        body: { ...endpointBody(draft), ...(who.kind === "admin" && { tenantId }) },
      });
      setDraft(EMPTY_DRAFT);
      props.onCreated(created);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="new-endpoint-heading">
      <h2 id="new-endpoint-heading">New endpoint</h2>
      {error && error.issues.length === 0 && <ErrorNotice error={error} />}
      <EndpointFields draft={draft} error={error} onChange={setDraft} />
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Adding…" : "Add endpoint"}
        </button>
      </div>
    </form>
  );
}

/** /console/webhooks: the tenant's endpoints, and a form to add one. */
export function EndpointList() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const [created, setCreated] = useState<WebhookEndpointWithSecret | null>(null);
  const endpoints = useLoad(
    () =>
      api.call("GET /v1/webhook-endpoints", {
        query: { limit: "200", tenantId: who.kind === "admin" ? tenantId : undefined },
      }),
    [],
  );
  return (
    <>
      <p class="hint">
        The gateway POSTs call events to these URLs as they happen, signed as Standard Webhooks, and
        tries again with backoff for more than a day when a receiver is down.
      </p>
      <Loaded result={endpoints} what="webhook endpoints">
        {(page) => (
          <DataTable<WebhookEndpoint>
            caption="Webhook endpoints"
            rows={page.data}
            rowKey={(e) => e.id}
            empty="No webhook endpoints yet: add one below."
            columns={[
              {
                header: "URL",
                cell: (e) => (
                  <Link href={pageHref("webhooks", e.id)} class="endpoint-url">
                    {e.url}
                  </Link>
                ),
              },
              { header: "Description", cell: (e) => e.description || "—" },
              { header: "Events", cell: (e) => describeEventTypes(e.eventTypes) },
              {
                header: "State",
                cell: (e) => (
                  <span class={`badge badge-${e.enabled ? "active" : "expired"}`}>
                    {e.enabled ? "enabled" : "disabled"}
                  </span>
                ),
              },
              { header: "Added", cell: (e) => formatTime(e.createdAt) },
            ]}
          />
        )}
      </Loaded>
      {created ? (
        <SigningSecret
          heading={`Endpoint added: ${created.url}`}
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      ) : (
        <NewEndpointForm
          onCreated={(endpoint) => {
            setCreated(endpoint);
            endpoints.reload();
          }}
        />
      )}
    </>
  );
}
