import { useEffect, useState } from "preact/hooks";
import type { ConversationDetail } from "../../api/api-types.gen";
import { Flash, setFlash } from "../../components/flash";
import { formatMs, formatTime } from "../../components/format";
import { LatencyChart } from "../../components/latency-chart";
import { Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { AnalysisPanel } from "./analysis-panel";
import { DeleteConversation } from "./delete-conversation";
import { CHANNEL_LABELS, endReasonLabel, formatClock } from "./labels";
import { RecordingAndTranscript } from "./recording-player";
import { turnWaits } from "./timeline";
import { TranscriptExports } from "./transcript-exports";

/** While the call goes on or its records are being finished, the page asks again this often. */
const SETTLING_REFRESH_MS = 3000;
/** How long after the end an analysis may still arrive. */
const ANALYSIS_WAIT_MS = 60_000;

function settling(call: ConversationDetail): boolean {
  if (call.status !== "ended") return true;
  if (call.deletedAt) return false;
  if (call.recording?.status === "recording") return true;
  const endedAgo = Date.now() - Date.parse(call.endedAt ?? call.receivedAt);
  return call.analysis === null && endedAgo < ANALYSIS_WAIT_MS;
}

function Facts(props: { call: ConversationDetail; agentName: string | null }) {
  const { call } = props;
  const facts: Array<[string, preact.ComponentChildren]> = [
    [
      "Agent",
      <Link key="agent" href={pageHref("agents", call.agentId)}>
        {props.agentName ?? call.agentId}
      </Link>,
    ],
    [
      "Version",
      call.agentVersion === 0
        ? `the draft (revision ${call.draftRevision ?? "?"}), a test call`
        : `version ${call.agentVersion}`,
    ],
    ["Channel", `${CHANNEL_LABELS[call.channel]}, ${call.direction}`],
    ["Caller", call.remoteParty],
    ["Started", formatTime(call.receivedAt)],
    ["Length", call.durationMs === null ? "—" : formatClock(call.durationMs)],
    ["Ended because", call.status === "ended" ? endReasonLabel(call.endReason) : "still going on"],
    ["Median wait for a reply", formatMs(numberOr(call.metrics.responseLatencyMsP50))],
  ];
  return (
    <dl class="facts">
      {facts.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function numberOr(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function TurnChart(props: { call: ConversationDetail }) {
  const turns = turnWaits(props.call.messages);
  if (turns.length === 0) {
    return <p class="muted">No replies to the caller to measure yet.</p>;
  }
  const waits = turns.map((turn) => turn.p50Ms ?? 0);
  const summary = `${turns.length} ${turns.length === 1 ? "reply" : "replies"}; the caller waited ${formatMs(Math.min(...waits))} at least and ${formatMs(Math.max(...waits))} at most.`;
  return (
    <>
      <p class="muted">{summary}</p>
      <LatencyChart buckets={turns} bucket="turn" summary={summary} />
    </>
  );
}

function Events(props: { call: ConversationDetail }) {
  if (props.call.events.length === 0) return null;
  return (
    <details>
      <summary>What happened, step by step ({props.call.events.length} events)</summary>
      <ol class="events">
        {props.call.events.map((event, i) => (
          <li key={String(i)}>
            <span class="mono">
              {formatClock(Date.parse(event.at) - Date.parse(props.call.receivedAt))}
            </span>{" "}
            <code>{event.kind}</code>
          </li>
        ))}
      </ol>
    </details>
  );
}

function Conversation(props: {
  call: ConversationDetail;
  agentName: string | null;
  reload: () => void;
}) {
  const { call } = props;
  return (
    <>
      <Flash key={call.deletedAt ?? "kept"} />
      <p>
        <Link href={pageHref("conversations")}>All conversations</Link>
      </p>
      <section class="panel" aria-labelledby="call-heading">
        <h2 id="call-heading">
          Call <code>{call.id}</code>
        </h2>
        <Facts call={call} agentName={props.agentName} />
        <Events call={call} />
      </section>
      {call.deletedAt ? (
        <p class="notice">
          Its transcript, recording and analysis were deleted {formatTime(call.deletedAt)}.
        </p>
      ) : (
        <section class="panel" aria-labelledby="transcript-heading">
          <h2 id="transcript-heading">Recording and transcript</h2>
          {call.transcriptErasedAt ? (
            <p class="notice">The transcript was erased {formatTime(call.transcriptErasedAt)}.</p>
          ) : (
            <RecordingAndTranscript
              callId={call.id}
              recording={call.recording}
              live={call.status !== "ended"}
              messages={call.messages}
            />
          )}
        </section>
      )}
      <section class="panel" aria-labelledby="latency-heading">
        <h2 id="latency-heading">The caller's wait for each reply</h2>
        <TurnChart call={call} />
      </section>
      <AnalysisPanel call={call} onAnalysed={props.reload} />
      {!call.deletedAt && <TranscriptExports callId={call.id} />}
      {!call.deletedAt && (
        <section class="panel" aria-labelledby="delete-section">
          <h2 id="delete-section">Delete</h2>
          <DeleteConversation
            callId={call.id}
            onDeleted={() => {
              setFlash("Deleted the conversation's transcript, recording and analysis.");
              props.reload();
            }}
          />
        </section>
      )}
    </>
  );
}

function AgentName(props: {
  agentId: string;
  children: (name: string | null) => preact.ComponentChildren;
}) {
  const { api } = useSession();
  const agent = useLoad(
    () => api.call("GET /v1/agents/{agentId}", { path: { agentId: props.agentId } }),
    [props.agentId],
  );
  return <>{props.children(agent.state === "ready" ? agent.data.name : null)}</>;
}

/** One conversation: what happened, its recording and transcript, its analysis, exports. */
export function ConversationDetailPage(props: { callId: string }) {
  const { api } = useSession();
  const [polling, setPolling] = useState(false);
  const call = useLoad(
    () => api.call("GET /v1/conversations/{callId}", { path: { callId: props.callId } }),
    [props.callId],
    polling ? SETTLING_REFRESH_MS : undefined,
  );
  const settlingNow = call.state === "ready" && settling(call.data);
  useEffect(() => setPolling(settlingNow), [settlingNow]);
  return (
    <Loaded result={call} what="the conversation">
      {(data) => (
        <AgentName agentId={data.agentId}>
          {(name) => <Conversation call={data} agentName={name} reload={call.reload} />}
        </AgentName>
      )}
    </Loaded>
  );
}
