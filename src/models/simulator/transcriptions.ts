import { pcm16FromWav } from "../../transcripts/wav";
import type { SimulatorScript, TranscriptionClip } from "./script";
import { tokenLogprobs } from "./token-logprobs";

const MODELS = new Set(["gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1"]);

function invalid(message: string, param: string | null): Response {
  return Response.json(
    { error: { message, type: "invalid_request_error", param, code: null } },
    { status: 400 },
  );
}

/**
 * `POST /v1/audio/transcriptions` as OpenAI answers it for `response_format` json: multipart in
 * (`file`, `model`, optional `language`, `prompt`, `include[]`), `{text, logprobs?, usage}` out.
 * Only PCM16 WAV files are read. The text and its confidence come from the script.
 */
export async function answerTranscription(
  request: Request,
  script: SimulatorScript,
  seen: TranscriptionClip[],
): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return invalid("Could not parse multipart form", null);
  }
  const model = form.get("model");
  const file = form.get("file");
  if (typeof model !== "string" || !model)
    return invalid("you must provide a model parameter", "model");
  if (!MODELS.has(model)) return invalid(`Invalid model ${model}.`, "model");
  if (!(file instanceof Blob)) return invalid("you must provide a file parameter", "file");
  const responseFormat = form.get("response_format") ?? "json";
  if (responseFormat !== "json")
    return invalid("the simulator answers response_format json only", "response_format");
  const wav = pcm16FromWav(new Uint8Array(await file.arrayBuffer()));
  if (!wav || wav.pcm.length === 0)
    return invalid("Invalid file format. The simulator reads PCM16 mono WAV.", "file");
  const language = form.get("language");
  const clip: TranscriptionClip = {
    index: seen.length,
    model,
    durationMs: Math.round((wav.pcm.length * 1000) / wav.sampleRate),
    ...(typeof language === "string" && language ? { language } : {}),
  };
  seen.push(clip);
  const answer = script.retranscript(clip);
  const wantLogprobs = form.getAll("include[]").includes("logprobs") && model !== "whisper-1";
  const logprobs = tokenLogprobs(answer.text, answer.confidence);
  const audioTokens = Math.ceil(clip.durationMs / 100);
  return Response.json({
    text: answer.text,
    ...(wantLogprobs && { logprobs }),
    usage: {
      type: "tokens",
      input_tokens: audioTokens,
      input_token_details: { audio_tokens: audioTokens, text_tokens: 0 },
      output_tokens: logprobs.length,
      total_tokens: audioTokens + logprobs.length,
    },
  });
}
