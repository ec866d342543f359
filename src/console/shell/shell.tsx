import { useEffect, useRef, useState } from "preact/hooks";
import type { Tenant } from "../api/api-types.gen";
import type { Loading } from "../components/loaded";
import type { ConsolePage } from "../pages/page";
import { HOME_PAGE, PAGES } from "../pages/registry";
import { Link } from "./link";
import { navigate, pageHref, useRoute } from "./router";
import { useSession } from "./session";
import { TenantPicker } from "./tenant-picker";

/** What stands in for a page that cannot be shown: unknown, not for this key, or no tenant yet. */
function Blocked(props: { children: preact.ComponentChildren }) {
  return <div class="notice">{props.children}</div>;
}

function PageBody(props: { page: ConsolePage | undefined; rest: string[] }) {
  const { who, tenantId } = useSession();
  const { page } = props;
  if (!page) {
    return (
      <Blocked>
        <p>
          There is no such page.{" "}
          <Link href={pageHref(HOME_PAGE.path)}>Go to {HOME_PAGE.title}</Link>
        </p>
      </Blocked>
    );
  }
  if (page.audience === "admin" && who.kind !== "admin") {
    return (
      <Blocked>
        <p>This page needs the operator's admin key; you are signed in with a tenant key.</p>
      </Blocked>
    );
  }
  if (page.tenantScoped && !tenantId) {
    return (
      <Blocked>
        <p>Choose a tenant in the header (its figures and keys are shown here).</p>
      </Blocked>
    );
  }
  const Component = page.component;
  // A tenant page shown for another tenant starts afresh.
  const key = page.tenantScoped ? `${page.path}:${tenantId}` : page.path;
  return <Component key={key} rest={props.rest} />;
}

/** The signed-in console: header, navigation, and the page the URL names. */
export function Shell(props: { tenants: Loading<Tenant[]> | null }) {
  const session = useSession();
  const { who } = session;
  const [first, ...rest] = useRoute();
  const page = first === undefined ? HOME_PAGE : PAGES.find((p) => p.path === first);
  const title = page?.title ?? "Page not found";
  const [menuOpen, setMenuOpen] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const pages = PAGES.filter((p) => p.audience === "everyone" || who.kind === "admin");

  // `/` and `/console` open the first page under its own URL.
  useEffect(() => {
    if (first === undefined) navigate(pageHref(HOME_PAGE.path), { replace: true });
  }, [first]);
  // A new page is announced: its title in the window, focus on its heading.
  useEffect(() => {
    document.title = `${title} · Astra Voice console`;
    heading.current?.focus();
  }, [title]);

  return (
    <div class="layout">
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="topbar">
        <Link href={pageHref(HOME_PAGE.path)} class="brand">
          Astra Voice
        </Link>
        <button
          type="button"
          class="button menu-button"
          aria-expanded={menuOpen}
          aria-controls="console-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <div class="account">
          <p class="who">
            {who.kind === "admin" ? (
              "Admin"
            ) : (
              <>
                {who.tenantName} <span class="muted">· key {who.keyName}</span>
              </>
            )}
          </p>
          {props.tenants && (
            <TenantPicker
              tenants={props.tenants}
              tenantId={session.tenantId}
              onPick={session.pickTenant}
            />
          )}
          <button type="button" class="button" onClick={session.signOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="console-nav" class={menuOpen ? "nav nav-open" : "nav"} aria-label="Console">
        <ul>
          {pages.map((p) => (
            <li key={p.path}>
              <Link
                href={pageHref(p.path)}
                current={p === page}
                onNavigate={() => setMenuOpen(false)}
              >
                {p.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="content" class="content">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        <PageBody page={page} rest={rest} />
      </main>
    </div>
  );
}
