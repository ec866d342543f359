import { useEffect, useRef, useState } from "preact/hooks";
import type { Agent } from "../../api/api-types.gen";
import { asApiError } from "../../components/loaded";
import { useSession } from "../../shell/session";
import { type LiveLine, TestCall } from "./test-call";

/** Why a test call ended, in words; an end reason not listed still reads as a sentence. */
const ENDINGS: Record<string, string> = {
  hung_up_by_api: "You hung up.",
  caller_hung_up: "You hung up.",
  agent_ended: "The agent ended the call.",
  silence_timeout: "The call ended after a long silence.",
  max_duration: "The call reached its time limit.",
  model_unavailable: "The voice model could not be reached, so the call ended.",
  media_failed: "The audio connection was lost.",
  connect_timeout: "The audio connection could not be set up in time.",
  quota_exceeded: "This month's call minutes are used up.",
  gateway_shutdown: "The gateway shut down, so the call ended.",
};
const ending = (reason: string | null) =>
  (reason && ENDINGS[reason]) ??
  `The call ended${reason ? ` (${reason.replaceAll("_", " ")})` : ""}.`;

const PHASES: Record<string, string> = {
  connecting: "Connecting…",
  active: "Connected: speak to the agent.",
  ended: "Ending…",
};

type State =
  | { kind: "idle"; note: string | null }
  | { kind: "starting" }
  | { kind: "live"; call: TestCall; phase: string };

/** Calls the saved draft from this browser and shows the live transcript, with a hang-up button. */
export function TestCallTab(props: { agent: Agent; unsaved: boolean }) {
  const { api } = useSession();
  const [state, setState] = useState<State>({ kind: "idle", note: null });
  const [lines, setLines] = useState<LiveLine[]>([]);
  const speaker = useRef<HTMLAudioElement>(null);
  const hangUpButton = useRef<HTMLButtonElement>(null);
  const live = state.kind === "live" ? state.call : null;

  // Leaving the page ends the call.
  const current = useRef<TestCall | null>(null);
  current.current = live;
  useEffect(() => () => current.current?.close(), []);
  useEffect(() => {
    if (live) hangUpButton.current?.focus();
  }, [live]);

  const start = async () => {
    setState({ kind: "starting" });
    setLines([]);
    try {
      const call = await TestCall.start(api, props.agent.id, speaker.current as HTMLAudioElement, {
        onPhase: (phase) =>
          setState((current) => (current.kind === "live" ? { ...current, phase } : current)),
        onLine: (line) => setLines((shown) => [...shown, line]),
        onEnded: (reason) => setState({ kind: "idle", note: ending(reason) }),
      });
      setState((current) =>
        current.kind === "starting" ? { kind: "live", call, phase: "connecting" } : current,
      );
    } catch (caught) {
      const message =
        caught instanceof DOMException
          ? `The microphone is not available (${caught.message}).`
          : asApiError(caught).message;
      setState({ kind: "idle", note: `Could not call: ${message}` });
    }
  };

  const status =
    state.kind === "starting"
      ? "Starting the call…"
      : state.kind === "live"
        ? (PHASES[state.phase] ?? state.phase)
        : (state.note ?? "Not in a call.");

  return (
    <section class="panel test-call" aria-labelledby="test-call-heading">
      <h3 id="test-call-heading">Test call</h3>
      <p class="hint">
        Calls the saved draft (revision {props.agent.draftRevision}) from this browser with your
        microphone; nothing needs to be published. The call is kept with the conversations, as
        version 0.
      </p>
      {props.unsaved && (
        <p class="notice">You have unsaved edits: the call uses the draft as it was last saved.</p>
      )}
      <div class="actions">
        <button
          type="button"
          class="button button-primary"
          disabled={state.kind !== "idle"}
          onClick={start}
        >
          Call the draft
        </button>
        <button
          type="button"
          class="button button-danger"
          ref={hangUpButton}
          disabled={!live}
          onClick={() => live?.hangUp()}
        >
          Hang up
        </button>
      </div>
      <p class="call-status" role="status">
        {status}
      </p>
      {/* biome-ignore lint/a11y/useMediaCaption: the agent's live voice; its words are the transcript below. */}
      <audio ref={speaker} autoPlay />
      <h4 id="live-transcript-heading">Live transcript</h4>
      {lines.length === 0 && (
        <p class="empty">The agent's words and yours appear here as the call goes.</p>
      )}
      <ol class="live-transcript" aria-labelledby="live-transcript-heading" aria-live="polite">
        {lines.map((line) => (
          <li key={line.id} class={`line line-${line.role}`}>
            <span class="line-who">
              {line.role === "user" ? "You" : line.role === "assistant" ? "Agent" : line.role} ·{" "}
              {(line.offsetMs / 1000).toFixed(1)} s
            </span>{" "}
            <span class="line-text">{line.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
