import { useState } from "preact/hooks";
import type { WebhookDelivery, WebhookEndpoint } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { DataTable } from "../../components/data-table";
import { formatNumber, formatTime } from "../../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { useSession } from "../../shell/session";

type Status = WebhookDelivery["status"];

/** Pending deliveries change by the second while a receiver is retried; the log is read again. */
const REFRESH_MS = 5000;
const PAGE_SIZE = 50;

const STATUS_FILTERS: Record<Status | "", string> = {
  "": "Every status",
  pending: "Pending (will be tried again)",
  delivered: "Delivered",
  failed: "Failed (no attempts left)",
};

function StatusBadge(props: { status: Status }) {
  const tone = props.status === "delivered" ? "active" : props.status;
  return <span class={`badge badge-${tone}`}>{props.status}</span>;
}

/** The receiver's answer to the last attempt: its HTTP status, or why there was none. */
function LastResponse(props: { delivery: WebhookDelivery }) {
  const { lastStatusCode, lastError } = props.delivery;
  if (lastStatusCode !== null) return <span class="mono">{lastStatusCode}</span>;
  if (lastError) return <span class="delivery-error">{lastError}</span>;
  return <>—</>;
}

function RedeliverButton(props: {
  delivery: WebhookDelivery;
  onQueued: (delivery: WebhookDelivery) => void;
  onFailed: (error: ApiError) => void;
}) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const { delivery } = props;
  const redeliver = async () => {
    setBusy(true);
    try {
      props.onQueued(
        await api.call("POST /v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry", {
          path: { endpointId: delivery.endpointId, deliveryId: delivery.id },
        }),
      );
    } catch (caught) {
      props.onFailed(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="button button-small" disabled={busy} onClick={redeliver}>
      {delivery.status === "pending" ? "Send now" : "Redeliver"}
      <span class="visually-hidden">
        {" "}
        {delivery.eventType} of {formatTime(delivery.createdAt)}
      </span>
    </button>
  );
}

/** Every delivery to one endpoint, newest first, with a way to send one again. */
export function DeliveryLog(props: { endpoint: WebhookEndpoint }) {
  const { api } = useSession();
  const { endpoint } = props;
  const [status, setStatus] = useState<Status | "">("");
  // The cursors of the pages before this one; the last is this page's.
  const [cursors, setCursors] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const cursor = cursors.at(-1);
  const log = useLoad(
    () =>
      api.call("GET /v1/webhook-endpoints/{endpointId}/deliveries", {
        path: { endpointId: endpoint.id },
        query: { limit: String(PAGE_SIZE), cursor, status: status || undefined },
      }),
    [status, cursor],
    REFRESH_MS,
  );
  const queued = (delivery: WebhookDelivery) => {
    setError(null);
    setNotice(
      endpoint.enabled
        ? `The ${delivery.eventType} event is queued to be sent again within seconds.`
        : `The ${delivery.eventType} event is queued, but this endpoint is disabled: it is sent once you enable it.`,
    );
    log.reload();
  };
  return (
    <section class="panel" aria-labelledby="deliveries-heading">
      <div class="panel-head">
        <h2 id="deliveries-heading">Deliveries</h2>
        <div class="field-inline">
          <label for="delivery-status">Show</label>
          <select
            id="delivery-status"
            value={status}
            onChange={(event) => {
              setCursors([]);
              setStatus(event.currentTarget.value as Status | "");
            }}
          >
            {Object.entries(STATUS_FILTERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <button type="button" class="button" onClick={log.reload}>
            Refresh
          </button>
        </div>
      </div>
      <p class="hint">
        Newest first, read again every few seconds. A delivery keeps its event id (the{" "}
        <code>webhook-id</code> header) on every attempt, so a receiver can tell a repeat.
      </p>
      <p role="status" class="delivery-notice">
        {notice ?? ""}
      </p>
      {error && <ErrorNotice error={error} title="Could not send it again." />}
      <Loaded result={log} what="deliveries">
        {(page) => (
          <>
            <DataTable<WebhookDelivery>
              caption={`Deliveries to ${endpoint.url}`}
              rows={page.data}
              rowKey={(d) => d.id}
              empty={
                status
                  ? "No deliveries with this status."
                  : "Nothing has been sent to this endpoint yet: events appear here as calls happen."
              }
              columns={[
                {
                  header: "Event",
                  cell: (d) => (
                    <>
                      <code>{d.eventType}</code>
                      <span class="block muted mono">{d.eventId}</span>
                    </>
                  ),
                },
                { header: "Created", cell: (d) => formatTime(d.createdAt) },
                { header: "Status", cell: (d) => <StatusBadge status={d.status} /> },
                { header: "Attempts", cell: (d) => formatNumber(d.attempts), numeric: true },
                { header: "Response", cell: (d) => <LastResponse delivery={d} /> },
                { header: "Last attempt", cell: (d) => formatTime(d.lastAttemptAt) },
                { header: "Next retry", cell: (d) => formatTime(d.nextAttemptAt) },
                {
                  header: "Actions",
                  cell: (d) => (
                    <RedeliverButton delivery={d} onQueued={queued} onFailed={setError} />
                  ),
                },
              ]}
            />
            <div class="actions pager">
              {cursors.length > 0 && (
                <button type="button" class="button" onClick={() => setCursors([])}>
                  Newest
                </button>
              )}
              {page.nextCursor && (
                <button
                  type="button"
                  class="button"
                  onClick={() => setCursors([...cursors, page.nextCursor as string])}
                >
                  Older deliveries
                </button>
              )}
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
