import { describe, expect, test } from "bun:test";
import { extractText } from "unpdf";
import { drawnGlyphIds } from "../../test/pdf-glyphs";
import { MAX_QUEUED_PDFS, renderTranscriptPdf } from "./pdf-renderer";
import type { Transcript, TranscriptLine } from "./transcript";
import { transcriptPdf } from "./transcript-pdf";

const SAYINGS = [
  "你好，我想预约明天下午三点洗牙，可以吗？",
  "佢話佢今日唔得閒，我哋嘅會議取消咗，聽日再傾。",
  "こんにちは。明日の午後に予約をお願いできますか。",
  "안녕하세요, 내일 오후에 예약하고 싶습니다.",
  "Sure — I have a slot at 3 pm tomorrow with Dr. Müller; shall I book it for you?",
];

function transcriptOf(count: number): Transcript {
  const lines: TranscriptLine[] = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    offsetMs: i * 3100,
    speaker: i % 2 === 0 ? "caller" : "agent",
    text: `${SAYINGS[i % SAYINGS.length]} (${i + 1})`,
    interrupted: i % 7 === 3,
    confidence: null,
    lowConfidence: false,
    retranscription: null,
    tool: null,
  }));
  return {
    callId: "call_0000000000000000000000042",
    agent: { id: "agt_1", name: "Reception 接待", version: 4 },
    channel: "wati",
    direction: "inbound",
    remoteParty: "••••5678",
    receivedAt: "2026-05-01T09:00:00.000Z",
    answeredAt: "2026-05-01T09:00:02.000Z",
    endedAt: "2026-05-01T09:50:00.000Z",
    durationMs: 2_998_000,
    endReason: "caller_hung_up",
    lines,
  };
}

const squeeze = (text: string) => text.replace(/\s+/g, "");

describe("transcript PDF", () => {
  test("a long transcript runs over numbered pages and every line extracts back", async () => {
    const transcript = transcriptOf(240);
    const pdf = await transcriptPdf(transcript);
    const { text, totalPages } = await extractText(pdf.slice(), { mergePages: false });
    expect(totalPages).toBeGreaterThan(5);
    expect(text[0]).toContain("Reception 接待 (version 4)");
    expect(text.at(-1)).toContain(`Page ${totalPages} of ${totalPages}`);
    // Lines wrap, so compare without the breaks between them.
    const all = squeeze(text.join(""));
    for (const line of transcript.lines) expect(all).toContain(squeeze(line.text));
    expect((await drawnGlyphIds(pdf)).includes(0)).toBe(false);
  }, 60_000);

  test("past the line limit the PDF says how many lines it left out and where they are", async () => {
    const { text } = await extractText((await transcriptPdf(transcriptOf(25), 20)).slice(), {
      mergePages: true,
    });
    expect(text).toContain("(20)");
    expect(text).not.toContain("(21)");
    expect(text).toContain("5 more lines are not in this PDF: the txt and json exports have");
  });

  test("a character no embedded font has prints as ? instead of an empty box", async () => {
    const transcript = transcriptOf(1);
    (transcript.lines[0] as TranscriptLine).text = "好 \u{1F600} ok";
    const pdf = await transcriptPdf(transcript);
    const { text } = await extractText(pdf.slice(), { mergePages: true });
    expect(text).toContain("好 ? ok");
    expect((await drawnGlyphIds(pdf)).includes(0)).toBe(false);
  });

  test("rendering in the worker leaves the main thread free while a 1,000-line PDF is made", async () => {
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 2);
    const started = performance.now();
    const pdf = await renderTranscriptPdf(transcriptOf(1000));
    const took = performance.now() - started;
    clearInterval(ticker);
    const { totalPages } = await extractText(pdf.slice(), { mergePages: true });
    expect(totalPages).toBeGreaterThan(20);
    // The timer kept firing throughout: no stall near the length of the work itself.
    expect(longestGap).toBeLessThan(took / 4);
  }, 60_000);

  test("past a few PDFs at once, more are refused for now rather than queued without end", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: MAX_QUEUED_PDFS + 2 }, () => renderTranscriptPdf(transcriptOf(3))),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_QUEUED_PDFS);
    expect(refused).toHaveLength(2);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toContain("try again shortly");
    // Once those are done, exports are taken again.
    expect((await renderTranscriptPdf(transcriptOf(1))).length).toBeGreaterThan(1000);
  }, 60_000);
});
