import { useState } from "preact/hooks";
import type { Tenant, TenantCreate } from "../api/api-types.gen";
import type { ApiError } from "../api/client";
import { Field } from "../components/field";
import { asApiError, ErrorNotice } from "../components/loaded";

/** A number typed in a box: a number when it reads as one, null when empty; else the text as
 * typed, so the API's own message ("must be a number") says what is wrong. */
function numberOrText(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : (trimmed as unknown as number);
}

const text = (value: number | string | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

/** The tenant's fields as the API takes them; what to do with them is the caller's. */
export function TenantForm(props: {
  tenant?: Tenant;
  submitLabel: string;
  onSubmit: (body: TenantCreate) => Promise<void>;
  onCancel: () => void;
}) {
  const { tenant } = props;
  const [name, setName] = useState(tenant?.name ?? "");
  const [status, setStatus] = useState<Tenant["status"]>(tenant?.status ?? "active");
  const [plan, setPlan] = useState(text(tenant?.plan));
  const [monthlyMinutes, setMonthlyMinutes] = useState(text(tenant?.monthlyMinutes));
  const [maxCalls, setMaxCalls] = useState(text(tenant?.maxConcurrentCalls));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({
        name,
        status,
        plan: plan.trim() === "" ? null : plan.trim(),
        monthlyMinutes: numberOrText(monthlyMinutes),
        maxConcurrentCalls: numberOrText(maxCalls),
      });
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  const issue = (field: string) => error?.issueFor(`body.${field}`);
  const unplaced = error && error.issues.length === 0;

  return (
    <form class="form" onSubmit={submit} noValidate>
      {unplaced && <ErrorNotice error={error} />}
      {error && !unplaced && (
        <p class="notice notice-error" role="alert">
          The tenant was not saved: {error.message}
        </p>
      )}
      <Field label="Name" error={issue("name")}>
        {(control) => (
          <input
            {...control}
            name="name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        label="Status"
        hint="A suspended tenant's keys and calls are refused."
        error={issue("status")}
      >
        {(control) => (
          <select
            {...control}
            name="status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as Tenant["status"])}
          >
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </select>
        )}
      </Field>
      <Field label="Plan" hint="A name for your records; empty for none." error={issue("plan")}>
        {(control) => (
          <input
            {...control}
            name="plan"
            value={plan}
            onInput={(e) => setPlan(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        label="Monthly minutes"
        hint="Call minutes each UTC month allows; empty for no limit."
        error={issue("monthlyMinutes")}
      >
        {(control) => (
          <input
            {...control}
            name="monthlyMinutes"
            inputMode="numeric"
            value={monthlyMinutes}
            onInput={(e) => setMonthlyMinutes(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        label="Concurrent calls"
        hint="Calls at once; empty for the gateway's default."
        error={issue("maxConcurrentCalls")}
      >
        {(control) => (
          <input
            {...control}
            name="maxConcurrentCalls"
            inputMode="numeric"
            value={maxCalls}
            onInput={(e) => setMaxCalls(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Saving…" : props.submitLabel}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
