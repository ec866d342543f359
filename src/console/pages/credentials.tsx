import { useEffect, useRef, useState } from "preact/hooks";
import type { Credential } from "../api/api-types.gen";
import type { ApiError } from "../api/client";
import { DataTable } from "../components/data-table";
import { formatTime } from "../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../components/loaded";
import { useSession, useTenantId } from "../shell/session";
import { CredentialForm } from "./credentials/credential-form";
import { KINDS } from "./credentials/kinds";
import "./lines/lines.css";
import type { ConsolePage } from "./page";

/** The stored values as the API reads them back: secrets masked, the rest as stored. */
function MaskedValues(props: { credential: Credential }) {
  return (
    <dl class="masked-values">
      {Object.entries(props.credential.values).map(([field, value]) => (
        <div key={field}>
          <dt>{field}</dt>
          <dd class="mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DeleteButton(props: { credential: Credential; onDeleted: () => void }) {
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const { name, tenantId } = props.credential;
  if (!asking) {
    return (
      <button type="button" class="button button-small" onClick={() => setAsking(true)}>
        Delete<span class="visually-hidden"> {name}</span>
      </button>
    );
  }
  const remove = async () => {
    try {
      await api.call("DELETE /v1/tenants/{tenantId}/credentials/{name}", {
        path: { tenantId, name },
      });
      props.onDeleted();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <span class="confirm">
      <span>Lines and tools that use it stop working.</span>
      <button
        type="button"
        class="button button-danger button-small"
        ref={confirm}
        onClick={remove}
      >
        Delete<span class="visually-hidden"> {name}</span> now
      </button>
      <button type="button" class="button button-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error && <ErrorNotice error={error} />}
    </span>
  );
}

/** What was saved, and for a first Wati credential the webhook URL, shown this once. */
function Saved(props: { saved: Credential }) {
  const { saved } = props;
  return (
    <div class="notice notice-ok" role="status">
      <p>
        Saved credential <strong>{saved.name}</strong>. Its secrets are stored sealed and read back
        masked from now on.
      </p>
      {saved.webhookUrl && (
        <>
          <p>
            <strong>Give Wati this webhook URL now: it is shown only this once.</strong>
          </p>
          <label for="wati-webhook-url">Wati webhook URL</label>
          <input
            id="wati-webhook-url"
            class="mono"
            readOnly
            value={saved.webhookUrl}
            onFocus={(e) => e.currentTarget.select()}
          />
        </>
      )}
    </div>
  );
}

function Credentials() {
  const { api } = useSession();
  const tenantId = useTenantId();
  const [rotating, setRotating] = useState<Credential | null>(null);
  const [saved, setSaved] = useState<Credential | null>(null);
  const list = useLoad(
    () =>
      api.call("GET /v1/tenants/{tenantId}/credentials", {
        path: { tenantId },
        query: { limit: "200" },
      }),
    [],
  );
  return (
    <>
      <p class="lead">
        Provider accounts and tool secrets. The API never returns a secret: each is shown masked.
      </p>
      {saved && <Saved saved={saved} />}
      <CredentialForm
        key={rotating?.id ?? "new"}
        rotating={rotating}
        onSaved={(credential) => {
          setSaved(credential);
          setRotating(null);
          list.reload();
        }}
        onCancel={() => setRotating(null)}
      />
      <Loaded result={list} what="credentials">
        {(page) => (
          <DataTable<Credential>
            caption="Credentials"
            rows={page.data}
            rowKey={(c) => c.id}
            empty="No credentials yet."
            columns={[
              { header: "Name", cell: (c) => <code>{c.name}</code> },
              { header: "Kind", cell: (c) => KINDS[c.kind]?.label ?? c.kind },
              { header: "Values", cell: (c) => <MaskedValues credential={c} /> },
              { header: "Updated", cell: (c) => formatTime(c.updatedAt) },
              {
                header: "Actions",
                cell: (c) => (
                  <span class="row-actions">
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => {
                        setSaved(null);
                        setRotating(c);
                      }}
                    >
                      Rotate<span class="visually-hidden"> {c.name}</span>
                    </button>
                    <DeleteButton
                      credential={c}
                      onDeleted={() => {
                        if (rotating?.id === c.id) setRotating(null);
                        list.reload();
                      }}
                    />
                  </span>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}

export const credentialsPage: ConsolePage = {
  path: "credentials",
  title: "Credentials",
  audience: "everyone",
  tenantScoped: true,
  component: Credentials,
};
