import type { Tenant } from "../api/api-types.gen";
import { DataTable } from "../components/data-table";
import { Flash, setFlash } from "../components/flash";
import { formatDate, formatNumber } from "../components/format";
import { Loaded, useLoad } from "../components/loaded";
import { Link } from "../shell/link";
import { navigate, pageHref } from "../shell/router";
import { useSession } from "../shell/session";
import type { ConsolePage, PageProps } from "./page";
import { TenantForm } from "./tenant-form";

const LIST = pageHref("tenants");

function TenantList() {
  const { api, pickTenant } = useSession();
  const tenants = useLoad(() => api.call("GET /v1/tenants", { query: { limit: "200" } }), []);
  return (
    <>
      <Flash />
      <p>
        <Link href={pageHref("tenants", "new")} class="button button-primary">
          New tenant
        </Link>
      </p>
      <Loaded result={tenants} what="tenants">
        {(page) => (
          <DataTable<Tenant>
            caption="Tenants"
            rows={page.data}
            rowKey={(t) => t.id}
            empty="No tenants yet. Create the first one."
            columns={[
              { header: "Name", cell: (t) => t.name },
              { header: "Id", cell: (t) => <code>{t.id}</code> },
              {
                header: "Status",
                cell: (t) => <span class={`badge badge-${t.status}`}>{t.status}</span>,
              },
              { header: "Plan", cell: (t) => t.plan ?? "—" },
              {
                header: "Monthly minutes",
                cell: (t) =>
                  t.monthlyMinutes === null ? "no limit" : formatNumber(t.monthlyMinutes),
                numeric: true,
              },
              {
                header: "Concurrent calls",
                cell: (t) =>
                  t.maxConcurrentCalls === null ? "default" : formatNumber(t.maxConcurrentCalls),
                numeric: true,
              },
              { header: "Created", cell: (t) => formatDate(t.createdAt) },
              {
                header: "Actions",
                cell: (t) => (
                  <span class="row-actions">
                    <Link href={pageHref("tenants", t.id)}>
                      Edit<span class="visually-hidden"> {t.name}</span>
                    </Link>
                    <Link href={pageHref("api-keys")} onNavigate={() => pickTenant(t.id)}>
                      Keys<span class="visually-hidden"> of {t.name}</span>
                    </Link>
                  </span>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {tenants.state === "ready" && tenants.data.nextCursor && (
        <p class="muted">Showing the first 200 tenants.</p>
      )}
    </>
  );
}

function NewTenant() {
  const { api, tenantsChanged, pickTenant } = useSession();
  return (
    <>
      <h2>New tenant</h2>
      <TenantForm
        submitLabel="Create tenant"
        onCancel={() => navigate(LIST)}
        onSubmit={async (body) => {
          const tenant = await api.call("POST /v1/tenants", { body });
          tenantsChanged();
          pickTenant(tenant.id);
          setFlash(`Created tenant ${tenant.name}. It is now the tenant the other pages show.`);
          navigate(LIST);
        }}
      />
    </>
  );
}

function EditTenant(props: { tenantId: string }) {
  const { api, tenantsChanged } = useSession();
  const tenant = useLoad(
    () => api.call("GET /v1/tenants/{tenantId}", { path: { tenantId: props.tenantId } }),
    [props.tenantId],
  );
  return (
    <Loaded result={tenant} what="the tenant">
      {(current) => (
        <>
          <h2>
            {current.name} <code class="muted">{current.id}</code>
          </h2>
          <TenantForm
            tenant={current}
            submitLabel="Save changes"
            onCancel={() => navigate(LIST)}
            onSubmit={async (body) => {
              const saved = await api.call("PATCH /v1/tenants/{tenantId}", {
                path: { tenantId: current.id },
                body,
              });
              tenantsChanged();
              setFlash(`Saved tenant ${saved.name}.`);
              navigate(LIST);
            }}
          />
        </>
      )}
    </Loaded>
  );
}

function Tenants(props: PageProps) {
  const [sub] = props.rest;
  if (sub === "new") return <NewTenant />;
  if (sub) return <EditTenant tenantId={sub} />;
  return <TenantList />;
}

export const tenantsPage: ConsolePage = {
  path: "tenants",
  title: "Tenants",
  audience: "admin",
  tenantScoped: false,
  component: Tenants,
};
