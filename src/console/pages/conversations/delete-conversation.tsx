import { useRef, useState } from "preact/hooks";
import type { ApiError } from "../../api/client";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";

/**
 * Deletes the conversation's content after a confirmation in a dialog. The API refuses (409)
 * while the call goes on or its records are being finished; its message is shown as it is.
 */
export function DeleteConversation(props: { callId: string; onDeleted: () => void }) {
  const { api } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const open = () => {
    setError(null);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call("DELETE /v1/conversations/{callId}", { path: { callId: props.callId } });
      close();
      props.onDeleted();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="button button-danger" onClick={open}>
        Delete conversation…
      </button>
      <dialog ref={dialog} class="dialog" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete this conversation?</h2>
        <p>
          Its transcript, recording and analysis are erased for good. The record of the call stays:
          its times, why it ended and its usage.
        </p>
        {error && <ErrorNotice error={error} title="It was not deleted." />}
        <div class="actions">
          <button type="button" class="button button-danger" disabled={busy} onClick={remove}>
            {busy ? "Deleting…" : "Delete"}
          </button>
          {/* Opened, the dialog's focus starts on the harmless choice. */}
          {/* biome-ignore lint/a11y/noAutofocus: a modal dialog moves focus into itself. */}
          <button type="button" class="button" autoFocus onClick={close}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
