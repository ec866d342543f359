import { useCallback, useMemo, useState } from "preact/hooks";
import type { Tenant, WhoAmI } from "./api/api-types.gen";
import { ApiClient } from "./api/client";
import { useLoad } from "./components/loaded";
import { forgetSession, storedKey, storedTenant, storeKey, storeTenant } from "./session-storage";
import { type Session, SessionContext } from "./shell/session";
import { Shell } from "./shell/shell";
import { SignIn } from "./shell/sign-in";

type Signed = { key: string; who: WhoAmI };

/** Checks a key kept from earlier in this tab; shows sign-in when there is none or it fails. */
function Resume(props: { onResumed: (signed: Signed | null, notice: string | null) => void }) {
  const key = storedKey() as string;
  useLoad(
    () =>
      new ApiClient(key).call("GET /v1/whoami").then(
        (who) => props.onResumed({ key, who }, null),
        (error: Error) => props.onResumed(null, `Please sign in again: ${error.message}.`),
      ),
    [],
  );
  return (
    <p class="loading" role="status">
      Checking your key…
    </p>
  );
}

function SignedIn(props: { signed: Signed; onSignOut: (notice: string) => void }) {
  const { key, who } = props.signed;
  const [picked, setPicked] = useState<string | null>(() => storedTenant());
  const { onSignOut } = props;
  const api = useMemo(
    () =>
      new ApiClient(key, (error) =>
        onSignOut(`You were signed out: the API no longer accepts this key (${error.message}).`),
      ),
    [key, onSignOut],
  );
  const isAdmin = who.kind === "admin";
  const tenants = useLoad<Tenant[]>(
    async () =>
      isAdmin ? (await api.call("GET /v1/tenants", { query: { limit: "200" } })).data : [],
    [api],
  );
  const pickTenant = useCallback((tenantId: string | null) => {
    storeTenant(tenantId);
    setPicked(tenantId);
  }, []);
  // A picked tenant that no longer exists is passed over (not while the list is being read
  // again: a tenant just created is not in the old one).
  const known =
    tenants.state === "ready" && (tenants.refreshing || tenants.data.some((t) => t.id === picked));
  const session: Session = {
    api,
    who,
    tenantId: who.kind === "tenant" ? who.tenantId : known ? picked : null,
    pickTenant,
    tenantsChanged: tenants.reload,
    signOut: () => onSignOut("You are signed out."),
  };
  return (
    <SessionContext.Provider value={session}>
      <Shell tenants={isAdmin ? tenants : null} />
    </SessionContext.Provider>
  );
}

/** The console: resume or sign in, then the shell. */
export function App() {
  const [signed, setSigned] = useState<Signed | null>(null);
  const [resuming, setResuming] = useState(() => storedKey() !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const signOut = useCallback((message: string) => {
    forgetSession();
    setSigned(null);
    setNotice(message);
  }, []);
  if (resuming) {
    return (
      <Resume
        onResumed={(resumed, message) => {
          if (!resumed) forgetSession();
          setSigned(resumed);
          setNotice(message);
          setResuming(false);
        }}
      />
    );
  }
  if (!signed) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(key, who) => {
          storeKey(key);
          setNotice(null);
          setSigned({ key, who });
        }}
      />
    );
  }
  return <SignedIn signed={signed} onSignOut={signOut} />;
}
