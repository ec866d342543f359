import { useEffect, useRef, useState } from "preact/hooks";
import type { WhoAmI } from "../api/api-types.gen";
import { ApiClient, type ApiError } from "../api/client";
import { Field } from "../components/field";
import { asApiError } from "../components/loaded";

/** Why a key was not accepted, in words that say what to do. */
function refusal(error: ApiError): string {
  if (error.status === 401) return `This key was not accepted: ${error.message}.`;
  if (error.status === 403) return `This key cannot use the console: ${error.message}.`;
  if (error.status === 429)
    return `Too many attempts: ${error.message}. Wait a minute and try again.`;
  return error.message;
}

/**
 * Asks for an admin or tenant API key and checks it with the API before keeping it. `notice`
 * says why the form is shown again (signed out, or the key stopped working).
 */
export function SignIn(props: {
  notice: string | null;
  onSignedIn: (key: string, who: WhoAmI) => void;
}) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    document.title = "Sign in · Astra Voice console";
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError("Enter an API key.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const who = await new ApiClient(trimmed).call("GET /v1/whoami");
      props.onSignedIn(trimmed, who);
    } catch (caught) {
      setError(refusal(asApiError(caught)));
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="content">
      <h1 tabIndex={-1} ref={heading}>
        Astra Voice console
      </h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <form onSubmit={submit} class="form" noValidate>
        <Field
          label="API key"
          hint="The admin key (ADMIN_API_KEY) or one of a tenant's keys. It stays in this browser tab only and is sent with each request, never in a link."
          error={error ?? undefined}
        >
          {(control) => (
            <input
              {...control}
              type="password"
              name="api-key"
              autoComplete="off"
              spellcheck={false}
              value={key}
              onInput={(event) => setKey(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
