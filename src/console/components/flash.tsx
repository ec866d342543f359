import { useState } from "preact/hooks";

// A message that outlives one move between pages ("Tenant created"), shown once by the next.
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

/** Shows the pending message, if any, in a polite live region. */
export function Flash() {
  const [message] = useState(() => {
    const taken = pending;
    pending = null;
    return taken;
  });
  return message ? (
    <p class="notice notice-ok" role="status">
      {message}
    </p>
  ) : null;
}
