import { useRef, useState } from "preact/hooks";
import type { Message, RecordingSummary } from "../../api/api-types.gen";
import { ErrorNotice } from "../../components/loaded";
import { formatClock } from "./labels";
import { useRecording } from "./recording";
import { lineHeardAt } from "./timeline";
import { TranscriptView } from "./transcript-view";

/** Why there is nothing to play, when there is not. */
function noRecording(recording: RecordingSummary | null, live: boolean): string {
  if (recording === null) return "This call was not recorded (its agent has recording turned off).";
  if (recording.status === "recording") {
    return live
      ? "The recording can be played once the call has ended."
      : "The recording is being finished; it plays here in a moment.";
  }
  if (recording.status === "failed") return "The recording of this call failed.";
  return "The recording of this call was deleted.";
}

function Player(props: { callId: string; messages: readonly Message[] }) {
  const [round, setRound] = useState(0);
  const recording = useRecording(props.callId, round);
  const audio = useRef<HTMLAudioElement>(null);
  const [atMs, setAtMs] = useState(0);
  const [playing, setPlaying] = useState(false);
  const heard = lineHeardAt(props.messages, atMs);
  const seek = (ms: number) => {
    const element = audio.current;
    if (!element) return;
    element.currentTime = ms / 1000;
    setAtMs(ms);
    void element.play().catch(() => {});
  };
  return (
    <>
      {recording.state === "loading" && (
        <p class="loading" role="status">
          Loading the recording…
        </p>
      )}
      {recording.state === "failed" && (
        <ErrorNotice
          error={recording.error}
          title="Could not load the recording."
          onRetry={() => setRound(round + 1)}
        />
      )}
      {recording.state === "ready" && (
        <div class="player">
          {/* biome-ignore lint/a11y/useMediaCaption: the transcript beside it is the call's text. */}
          <audio
            ref={audio}
            controls
            preload="auto"
            src={recording.url}
            aria-label="Call recording (caller left, agent right)"
            onTimeUpdate={(e) => setAtMs(e.currentTarget.currentTime * 1000)}
            onSeeked={(e) => setAtMs(e.currentTarget.currentTime * 1000)}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
          />
          <p class="muted player-position" aria-live="off">
            At {formatClock(atMs)}. Choose a line to play from there.
          </p>
        </div>
      )}
      <TranscriptView
        messages={props.messages}
        heardSeq={recording.state === "ready" ? heard : null}
        onSeek={recording.state === "ready" ? seek : undefined}
        follow={playing}
      />
    </>
  );
}

/** The recording, when there is one to play, above the transcript that follows it. */
export function RecordingAndTranscript(props: {
  callId: string;
  recording: RecordingSummary | null;
  live: boolean;
  messages: readonly Message[];
}) {
  if (props.recording?.status === "ready") {
    return <Player callId={props.callId} messages={props.messages} />;
  }
  return (
    <>
      <p class="notice">{noRecording(props.recording, props.live)}</p>
      <TranscriptView messages={props.messages} heardSeq={null} follow={false} />
    </>
  );
}
