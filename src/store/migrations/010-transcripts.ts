import type { Migration } from "./migration";

export const transcripts: Migration = {
  version: 10,
  name: "Transcripts you can trust: confidence, call-clock offsets, cut agent lines, re-transcriptions",
  statements: [
    // A caller line's confidence (0..1) from the live transcription's token log-probabilities.
    "ALTER TABLE call_messages ADD COLUMN confidence REAL",
    // Where the line sits on the call clock (milliseconds), as on the call's recording.
    "ALTER TABLE call_messages ADD COLUMN start_ms INTEGER",
    "ALTER TABLE call_messages ADD COLUMN end_ms INTEGER",
    // An agent line cut at barge-in: everything the model generated (text is what was heard).
    "ALTER TABLE call_messages ADD COLUMN full_text TEXT",
    // A low-confidence caller line read again from its audio: pending, done, failed, unavailable.
    "ALTER TABLE call_messages ADD COLUMN retranscript_status TEXT",
    "ALTER TABLE call_messages ADD COLUMN retranscript_text TEXT",
    "ALTER TABLE call_messages ADD COLUMN retranscript_model TEXT",
    "ALTER TABLE call_messages ADD COLUMN retranscript_confidence REAL",
    // Set once the transcript is final (re-transcriptions done), with call.transcript.ready.
    "ALTER TABLE calls ADD COLUMN transcript_ready_at TEXT",
  ],
};
