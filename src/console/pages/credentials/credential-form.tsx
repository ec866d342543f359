import { useEffect, useRef, useState } from "preact/hooks";
import type { Credential } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Field } from "../../components/field";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession, useTenantId } from "../../shell/session";
import {
  type CredentialKind,
  fieldsOf,
  HTTP_SCHEMES,
  type HttpScheme,
  KIND_NAMES,
  KINDS,
  valuesBody,
} from "./kinds";

/** The scheme an http_auth credential was stored with, read from the fields it shows. */
function schemeOf(credential: Credential): HttpScheme {
  if ("username" in credential.values) return "basic";
  if ("headerName" in credential.values) return "header";
  return "bearer";
}

/** The non-secret values of a stored credential, to start a rotation from; secrets stay empty. */
function plainValues(credential: Credential): Record<string, string> {
  const scheme = schemeOf(credential);
  return Object.fromEntries(
    fieldsOf(credential.kind, scheme)
      .filter((field) => !field.secret && credential.values[field.name] !== undefined)
      .map((field) => [field.name, credential.values[field.name] as string]),
  );
}

/**
 * Sets a credential: a new one, or (given `rotating`) new values for one already stored, under
 * the same name. Secrets are typed here and never shown again: the API reads them back masked.
 */
export function CredentialForm(props: {
  rotating: Credential | null;
  onSaved: (saved: Credential) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const tenantId = useTenantId();
  const { rotating } = props;
  const [kind, setKind] = useState<CredentialKind>(rotating?.kind ?? "whatsapp_cloud");
  const [scheme, setScheme] = useState<HttpScheme>(rotating ? schemeOf(rotating) : "bearer");
  const [name, setName] = useState(rotating?.name ?? "");
  const [typed, setTyped] = useState<Record<string, string>>(rotating ? plainValues(rotating) : {});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (rotating) heading.current?.focus();
  }, [rotating]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.call("PUT /v1/tenants/{tenantId}/credentials/{name}", {
        path: { tenantId, name },
        body: valuesBody(kind, scheme, typed),
      });
      setTyped({});
      if (!rotating) setName("");
      props.onSaved(saved);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const fields = fieldsOf(kind, scheme);
  const placed = new Set([
    "path.name",
    "body.kind",
    "body.scheme",
    ...fields.map((f) => `body.${f.name}`),
  ]);
  const unplaced = error && !error.issues.some((issue) => placed.has(issue.field));
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="credential-form-heading">
      <h2 id="credential-form-heading" tabIndex={-1} ref={heading}>
        {rotating ? `Rotate “${rotating.name}”` : "New credential"}
      </h2>
      {rotating && (
        <p class="hint">
          Type the new secrets: the stored ones are never shown. Everything is replaced; an optional
          secret left empty is removed.
        </p>
      )}
      {unplaced && <ErrorNotice error={error} title="The credential was not saved." />}
      <Field label="Kind" hint={KINDS[kind].use} error={error?.issueFor("body.kind")}>
        {(control) => (
          <select
            {...control}
            name="kind"
            value={kind}
            disabled={rotating !== null}
            onChange={(e) => setKind(e.currentTarget.value as CredentialKind)}
          >
            {KIND_NAMES.map((k) => (
              <option key={k} value={k}>
                {KINDS[k].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Name"
        hint="Lines use the credential named like their channel unless told otherwise: whatsapp_cloud, wati, twilio, livekit."
        error={error?.issueFor("path.name")}
      >
        {(control) => (
          <input
            {...control}
            name="name"
            value={name}
            readOnly={rotating !== null}
            autoComplete="off"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      {kind === "http_auth" && (
        <Field label="Scheme" error={error?.issueFor("body.scheme")}>
          {(control) => (
            <select
              {...control}
              name="scheme"
              value={scheme}
              onChange={(e) => setScheme(e.currentTarget.value as HttpScheme)}
            >
              {Object.entries(HTTP_SCHEMES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {fields.map((field) => (
        <Field
          key={`${kind}-${field.name}`}
          label={field.optional ? `${field.label} (optional)` : field.label}
          hint={field.hint}
          error={error?.issueFor(`body.${field.name}`)}
        >
          {(control) => {
            const shared = {
              ...control,
              name: field.name,
              spellcheck: false,
              value: typed[field.name] ?? "",
              onInput: (e: Event) =>
                setTyped({ ...typed, [field.name]: (e.currentTarget as HTMLInputElement).value }),
            };
            return field.secret ? (
              <input {...shared} type="password" autoComplete="new-password" />
            ) : (
              <input {...shared} type="text" autoComplete="off" />
            );
          }}
        </Field>
      ))}
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Saving…" : rotating ? "Save new values" : "Save credential"}
        </button>
        {rotating && (
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
