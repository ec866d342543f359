import { useState } from "preact/hooks";
import type { ConversationDetail, Message } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { formatTime } from "../../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { CHANNEL_NAMES } from "../usage/usage-rows";
import {
  END_WORDS,
  PERMISSION_WORDS,
  permissionState,
  type StepState,
  stepsFor,
} from "./call-progress";

/** How often a call still under way is read again. */
const FOLLOW_MS = 1000;
const HANGS_UP = new Set(["ringing", "connecting", "active"]);

function Permission(props: { call: ConversationDetail }) {
  const { call } = props;
  const state = permissionState(call);
  if (state === "not_applicable") return null;
  const asked = call.events.find((e) => e.kind === "permission_requested");
  const replied = call.events.findLast((e) => e.kind === "permission_reply");
  const tone =
    state === "granted" || state === "already_allowed"
      ? "active"
      : state === "requested"
        ? "pending"
        : "failed";
  return (
    <section class="panel" aria-labelledby="permission-heading">
      <h2 id="permission-heading">Call permission</h2>
      {/* Read out as it changes: the reply can take minutes. */}
      <p role="status" aria-live="polite" class="permission-state">
        <span class={`badge badge-${tone}`}>{state.replace("_", " ")}</span>{" "}
        {PERMISSION_WORDS[state]}
      </p>
      <p class="muted">
        {asked && `Asked ${formatTime(asked.at)}.`}
        {replied && ` Replied ${formatTime(replied.at)}.`}
      </p>
    </section>
  );
}

const STEP_WORDS: Record<StepState, string> = {
  done: " (done)",
  now: " (now)",
  later: " (not yet)",
  skipped: " (not reached)",
};

function Steps(props: { call: ConversationDetail }) {
  return (
    <ol class="call-steps">
      {stepsFor(props.call).map((step) => (
        <li
          key={step.status}
          class={`step-${step.state}`}
          aria-current={step.state === "now" ? "step" : undefined}
        >
          {step.label}
          <span class="visually-hidden">{STEP_WORDS[step.state]}</span>
        </li>
      ))}
    </ol>
  );
}

const SPEAKERS: Record<Message["role"], string> = {
  user: "Callee",
  assistant: "Agent",
  tool: "Tool",
  system: "Note",
};

function Transcript(props: { messages: readonly Message[] }) {
  if (props.messages.length === 0) {
    return <p class="empty">Nothing has been said yet.</p>;
  }
  return (
    <ul class="live-transcript">
      {props.messages.map((message) => (
        <li key={message.seq} class={`line-${message.role}`}>
          <strong>{SPEAKERS[message.role]}:</strong> {message.text}
        </li>
      ))}
    </ul>
  );
}

function HangUp(props: { callId: string; onDone: () => void }) {
  const { api } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const hangUp = async () => {
    try {
      await api.call("DELETE /v1/calls/{callId}", { path: { callId: props.callId } });
      props.onDone();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <>
      <button type="button" class="button button-danger" onClick={hangUp}>
        Hang up
      </button>
      {error && <ErrorNotice error={error} />}
    </>
  );
}

function CallState(props: { call: ConversationDetail; onChanged: () => void }) {
  const { call } = props;
  const ended = call.status === "ended";
  const reason = call.endReason ? (END_WORDS[call.endReason] ?? call.endReason) : null;
  return (
    <>
      <section class="panel" aria-labelledby="call-heading">
        <h2 id="call-heading">
          Call to {call.remoteParty} over {CHANNEL_NAMES[call.channel] ?? call.channel}
        </h2>
        <p class="muted">
          Placed {formatTime(call.receivedAt)} · <span class="mono">{call.id}</span>
        </p>
        <Steps call={call} />
        <p role="status" class="call-status">
          {ended ? `The call ended: ${reason ?? "no reason was given"}.` : ""}
        </p>
        {HANGS_UP.has(call.status) && <HangUp callId={call.id} onDone={props.onChanged} />}
      </section>
      <Permission call={call} />
      <section class="panel" aria-labelledby="transcript-heading">
        <h2 id="transcript-heading">Transcript</h2>
        <Transcript messages={call.messages} />
      </section>
    </>
  );
}

/** A call placed from the console, followed until it ends. */
export function CallView(props: { callId: string }) {
  const { api } = useSession();
  const [following, setFollowing] = useState(true);
  const call = useLoad(
    async () => {
      const detail = await api.call("GET /v1/conversations/{callId}", {
        path: { callId: props.callId },
      });
      if (detail.status === "ended") setFollowing(false);
      return detail;
    },
    [props.callId],
    following ? FOLLOW_MS : undefined,
  );
  return (
    <>
      <p>
        <Link href={pageHref("outbound-call")}>Place another call</Link>
      </p>
      <Loaded result={call} what="the call">
        {(detail) => <CallState call={detail} onChanged={call.reload} />}
      </Loaded>
    </>
  );
}
