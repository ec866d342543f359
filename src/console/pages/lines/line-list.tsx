import type { Binding } from "../../api/api-types.gen";
import { DataTable } from "../../components/data-table";
import { Flash } from "../../components/flash";
import { formatTime } from "../../components/format";
import { Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";
import { CHANNELS } from "./channels";
import { agentName, useTenantAgents } from "./tenant-agents";

/** /console/lines: every channel address of the tenant and the agent it reaches. */
export function LineList() {
  const { api } = useSession();
  const tenantId = useTenantId();
  const agents = useTenantAgents();
  const lines = useLoad(
    () => api.call("GET /v1/bindings", { query: { limit: "200", tenantId } }),
    [],
  );
  return (
    <>
      <Flash />
      <p class="lead">
        A line routes a WhatsApp number, a phone number or LiveKit rooms to one of your agents.
      </p>
      <p>
        <Link href={pageHref("lines", "new")} class="button button-primary">
          New line
        </Link>
      </p>
      <Loaded result={agents} what="agents">
        {(agentList) => (
          <Loaded result={lines} what="lines">
            {(page) => (
              <DataTable<Binding>
                caption="Lines"
                rows={page.data}
                rowKey={(b) => b.id}
                empty="No lines yet: calls reach an agent once one of its addresses is bound here."
                columns={[
                  { header: "Channel", cell: (b) => CHANNELS[b.channel]?.label ?? b.channel },
                  {
                    header: "Address",
                    cell: (b) => (
                      <>
                        <span class="mono">{b.address}</span>
                        {b.label && <span class="block muted">{b.label}</span>}
                      </>
                    ),
                  },
                  {
                    header: "Agent",
                    cell: (b) => (
                      <Link href={pageHref("agents", b.agentId)}>
                        {agentName(agentList, b.agentId)}
                      </Link>
                    ),
                  },
                  {
                    header: "Credential",
                    cell: (b) =>
                      b.credentialName ?? <span class="muted">{b.channel} (default)</span>,
                  },
                  {
                    header: "Webhooks",
                    cell: (b) => (b.webhookOrigin === "platform" ? "platform app" : "tenant's own"),
                  },
                  { header: "Updated", cell: (b) => formatTime(b.updatedAt) },
                  {
                    header: "Actions",
                    cell: (b) => (
                      <Link href={pageHref("lines", b.id)}>
                        Edit<span class="visually-hidden"> {b.label || b.address}</span>
                      </Link>
                    ),
                  },
                ]}
              />
            )}
          </Loaded>
        )}
      </Loaded>
      {lines.state === "ready" && lines.data.nextCursor && (
        <p class="muted">Showing the first 200 lines.</p>
      )}
    </>
  );
}
