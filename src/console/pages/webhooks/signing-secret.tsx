import { useEffect, useRef, useState } from "preact/hooks";

/** A signing secret, shown this once: the API keeps it only to sign with and never shows it again. */
export function SigningSecret(props: { heading: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <section
      class="notice notice-ok created-key"
      aria-labelledby="signing-secret-heading"
      tabIndex={-1}
      ref={panel}
    >
      <h2 id="signing-secret-heading">{props.heading}</h2>
      <p>
        <strong>Copy the signing secret now: it is shown only this once.</strong> Your receiver
        checks each delivery's <code>webhook-signature</code> header with it.
      </p>
      <label for="signing-secret-value">Signing secret</label>
      <div class="field-row">
        <input
          id="signing-secret-value"
          class="mono"
          readOnly
          value={props.secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          class="button"
          onClick={() =>
            navigator.clipboard.writeText(props.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </button>
      </div>
      <p role="status" class="muted">
        {copied ? "Copied to the clipboard." : ""}
      </p>
      <button type="button" class="button button-primary" onClick={props.onDone}>
        I have saved it
      </button>
    </section>
  );
}
