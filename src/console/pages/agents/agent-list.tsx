import type { Agent } from "../../api/api-types.gen";
import { DataTable } from "../../components/data-table";
import { Flash } from "../../components/flash";
import { formatTime } from "../../components/format";
import { Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";

/** The tenant's agents, with what is live and a way to make a new one. */
export function AgentList() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const agents = useLoad(
    () =>
      api.call("GET /v1/agents", {
        query: { limit: "200", tenantId: who.kind === "admin" ? tenantId : undefined },
      }),
    [],
  );
  return (
    <>
      <Flash />
      <p>
        <Link href={pageHref("agents", "new")} class="button button-primary">
          New agent
        </Link>
      </p>
      <Loaded result={agents} what="agents">
        {(page) => (
          <DataTable<Agent>
            caption="Agents"
            rows={page.data}
            rowKey={(a) => a.id}
            empty="No agents yet. Make the first one from a template."
            columns={[
              {
                header: "Name",
                cell: (a) => (
                  <>
                    <Link href={pageHref("agents", a.id)}>{a.name}</Link>
                    {a.description && <span class="block muted">{a.description}</span>}
                  </>
                ),
              },
              {
                header: "Live version",
                cell: (a) =>
                  a.publishedVersion === null ? (
                    <span class="badge badge-draft">not published</span>
                  ) : (
                    <span class="badge badge-active">version {a.publishedVersion}</span>
                  ),
              },
              { header: "Draft revision", cell: (a) => a.draftRevision, numeric: true },
              { header: "Updated", cell: (a) => formatTime(a.updatedAt) },
              {
                header: "Actions",
                cell: (a) => (
                  <span class="row-actions">
                    <Link href={pageHref("agents", a.id, "test-call")}>
                      Test call<span class="visually-hidden"> to {a.name}</span>
                    </Link>
                    <Link href={pageHref("agents", a.id, "versions")}>
                      Versions<span class="visually-hidden"> of {a.name}</span>
                    </Link>
                  </span>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {agents.state === "ready" && agents.data.nextCursor && (
        <p class="muted">Showing the first 200 agents.</p>
      )}
    </>
  );
}
