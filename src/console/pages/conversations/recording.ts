import { useEffect, useState } from "preact/hooks";
import type { ApiError } from "../../api/client";
import { asApiError } from "../../components/loaded";
import { useSession } from "../../shell/session";

export type RecordingLoad =
  | { state: "loading" }
  | { state: "failed"; error: ApiError }
  | { state: "ready"; url: string };

/**
 * The call's recording, fetched with the signed-in key (an <audio src> could not carry it, and
 * the key never goes in an address) and played from an object URL, released when the page goes.
 */
export function useRecording(callId: string, round: number): RecordingLoad {
  const { api } = useSession();
  const [load, setLoad] = useState<RecordingLoad>({ state: "loading" });
  useEffect(() => {
    const abort = new AbortController();
    let url: string | null = null;
    setLoad({ state: "loading" });
    api
      .stream("GET /v1/conversations/{callId}/recording", { path: { callId } }, abort.signal)
      .then((body) => new Response(body).arrayBuffer())
      .then(
        (bytes) => {
          url = URL.createObjectURL(new Blob([bytes], { type: "audio/ogg" }));
          setLoad({ state: "ready", url });
        },
        (error: unknown) => {
          if (!abort.signal.aborted) setLoad({ state: "failed", error: asApiError(error) });
        },
      );
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [callId, round]);
  return load;
}

const EXPORT_TYPES = {
  txt: "text/plain;charset=utf-8",
  json: "application/json",
  pdf: "application/pdf",
} as const;
export type ExportFormat = keyof typeof EXPORT_TYPES;

/** Downloads the transcript in `format` as the browser saves any file: fetched with the key. */
export async function downloadTranscript(
  api: ReturnType<typeof useSession>["api"],
  callId: string,
  format: ExportFormat,
): Promise<void> {
  const body = await api.stream(
    "GET /v1/conversations/{callId}/transcript",
    { path: { callId }, query: { format } },
    new AbortController().signal,
  );
  const bytes = await new Response(body).arrayBuffer();
  const url = URL.createObjectURL(new Blob([bytes], { type: EXPORT_TYPES[format] }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `transcript-${callId}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the file once the click is handled; the URL is let go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
