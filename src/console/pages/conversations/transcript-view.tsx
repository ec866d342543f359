import { useEffect, useRef } from "preact/hooks";
import type { Message, ToolCall } from "../../api/api-types.gen";
import { formatMs } from "../../components/format";
import { formatClock } from "./labels";
import { lineAt } from "./timeline";

const SPEAKERS: Record<Message["role"], string> = {
  user: "Caller",
  assistant: "Agent",
  tool: "Tool",
  system: "System",
};

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** JSON text laid out to read; anything else as it came. */
function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function ToolDetails(props: { tool: ToolCall }) {
  const { tool } = props;
  return (
    <dl class="tool-call">
      <dt>Arguments</dt>
      <dd>
        <pre>{readable(tool.arguments)}</pre>
      </dd>
      {tool.output !== null && (
        <>
          <dt>Result</dt>
          <dd>
            <pre>{readable(tool.output)}</pre>
          </dd>
        </>
      )}
      {tool.error !== null && (
        <>
          <dt>Error</dt>
          <dd>{tool.error}</dd>
        </>
      )}
    </dl>
  );
}

/** How sure the live transcription was of a caller line, and its second reading if it was unsure. */
function Confidence(props: { message: Message }) {
  const { confidence, retranscription } = props.message;
  if (confidence === null && !retranscription) return null;
  return (
    <p class="line-note">
      {confidence !== null && (
        <span class="confidence">Transcribed {percent(confidence)} sure</span>
      )}
      {retranscription && (
        <>
          {" "}
          <span class="badge badge-unsure">unsure</span>{" "}
          {retranscription.status === "done" && retranscription.text !== null
            ? `Read again from the audio: “${retranscription.text}”${
                retranscription.confidence === null
                  ? ""
                  : ` (${percent(retranscription.confidence)} sure)`
              }`
            : retranscription.status === "pending"
              ? "Being read again from the audio…"
              : "Could not be read again from the audio."}
        </>
      )}
    </p>
  );
}

function LineBody(props: { message: Message }) {
  const { message } = props;
  const { tool } = message;
  return (
    <>
      <span class="line-time">{formatClock(lineAt(message))}</span>{" "}
      <span class="line-speaker">{SPEAKERS[message.role]}</span>{" "}
      <span class="line-text">
        {tool
          ? `${tool.name}: ${tool.status}, ${formatMs(tool.durationMs)}`
          : message.text || "(nothing heard)"}
      </span>
    </>
  );
}

/**
 * The transcript, one line per message in call order. With a recording, each line is a button
 * that plays from where it was said, and the line being heard is marked (`aria-current`).
 */
export function TranscriptView(props: {
  messages: readonly Message[];
  heardSeq: number | null;
  /** Plays the recording from this moment; absent when there is no recording to play. */
  onSeek?: ((ms: number) => void) | undefined;
  /** Keep the heard line in view (while the recording plays). */
  follow: boolean;
}) {
  const box = useRef<HTMLOListElement>(null);
  const lines = [...props.messages].sort((a, b) => lineAt(a) - lineAt(b) || a.seq - b.seq);
  useEffect(() => {
    const list = box.current;
    const heard = list?.querySelector<HTMLElement>("[aria-current]");
    if (!props.follow || !list || !heard) return;
    // Scrolls the transcript's own box only, never the page under the reader.
    const top = heard.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + heard.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }, [props.heardSeq, props.follow]);
  if (lines.length === 0) return <p class="empty">Nothing was said in this call.</p>;
  const { onSeek } = props;
  return (
    // With a recording its buttons let the keyboard reach the scrolling box; without, it does not scroll.
    <ol
      class={onSeek ? "transcript transcript-scroll" : "transcript"}
      ref={box}
      aria-label="Transcript"
    >
      {lines.map((message) => (
        <li
          key={message.seq}
          class={`line line-${message.role}${message.seq === props.heardSeq ? " line-heard" : ""}`}
          aria-current={message.seq === props.heardSeq ? "true" : undefined}
        >
          {onSeek ? (
            <button type="button" class="line-seek" onClick={() => onSeek(lineAt(message))}>
              <LineBody message={message} />
              <span class="visually-hidden"> (play from here)</span>
            </button>
          ) : (
            <p class="line-seek">
              <LineBody message={message} />
            </p>
          )}
          {message.interrupted && (
            <p class="line-note">
              <span class="badge badge-unsure">interrupted</span> The caller cut in here.
              {message.fullText && ` The agent would have said: “${message.fullText}”`}
            </p>
          )}
          {message.role === "user" && <Confidence message={message} />}
          {message.tool && <ToolDetails tool={message.tool} />}
        </li>
      ))}
    </ol>
  );
}
