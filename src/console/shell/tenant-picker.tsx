import type { Tenant } from "../api/api-types.gen";
import { Loaded, type Loading } from "../components/loaded";
import { Link } from "./link";
import { pageHref } from "./router";

/** The admin's choice of the tenant that tenant pages (overview, keys, …) act on. */
export function TenantPicker(props: {
  tenants: Loading<Tenant[]>;
  tenantId: string | null;
  onPick: (tenantId: string | null) => void;
}) {
  return (
    <Loaded result={props.tenants} what="tenants">
      {(tenants) =>
        tenants.length === 0 ? (
          <p class="picker-empty">
            No tenants yet. <Link href={pageHref("tenants", "new")}>Create one</Link>
          </p>
        ) : (
          <div class="picker">
            <label for="tenant-picker">Tenant</label>
            <select
              id="tenant-picker"
              value={props.tenantId ?? ""}
              onChange={(event) => props.onPick(event.currentTarget.value || null)}
            >
              <option value="">Choose a tenant…</option>
              {tenants.map((tenant) => (
                <option key={tenant.id} value={tenant.id}>
                  {tenant.name}
                </option>
              ))}
            </select>
          </div>
        )
      }
    </Loaded>
  );
}
