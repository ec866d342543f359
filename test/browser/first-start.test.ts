import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { writeSpeechLikeWav } from "./fake-microphone";
import { type InboundAudio, inboundAudio, until } from "./page-probes";

// What a newcomer does: `npm start` in a fresh checkout (no database, no OpenAI key), open the
// link it prints, press Call, talk, hang up.
const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
const GREETING = "Hello, thanks for calling"; // the simulator's recorded greeting
const SCREENSHOT = process.env.DEMO_SCREENSHOT; // e.g. /tmp/first-start.png, to look at the page

let workDir = "";
let service: Subprocess<"ignore", "pipe", "pipe"> | undefined;
let browser: BrowserContext | undefined;
let terminal = ""; // the service's stderr
let logStream = ""; // its stdout: JSON log lines

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "astra-first-start-"));
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  service?.kill("SIGTERM");
  await service?.exited;
  rmSync(workDir, { recursive: true, force: true });
});

test("started on an empty database, the service prints a link that calls a demo agent", async () => {
  // PORT=0: the link must name the port the service really got.
  service = Bun.spawn([process.execPath, MAIN], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? "", PORT: "0" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  void collect(service.stdout, (text) => {
    logStream += text;
  });
  void collect(service.stderr, (text) => {
    terminal += text;
  });
  const printed = await waitFor("the demo link on the terminal", async () =>
    /(http:\/\/localhost:\d+\/demo\?agent=agt_\w+&token=(avt_[\w.-]+))\s/.exec(terminal),
  );
  const [, link = "", token = ""] = printed;
  const adminKey = /av_admin_[\w-]+/.exec(terminal)?.[0] ?? "";

  // Eight seconds of silence, then speech: the greeting is heard out before the caller talks.
  const fakeMicWav = writeSpeechLikeWav(workDir, 8000, 1500);
  browser = await launchChromium({ userDataDir: join(workDir, "profile"), fakeMicWav });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(link);
  await waitFor("the simulator notice", () => page.locator("#model-notice").isVisible());
  expect(await text(page, "#status")).toBe("Press Call and allow the microphone.");
  await page.click("#call");

  // The greeting is shown and heard, and the call timer runs.
  const agentLines = page.locator("#transcript li.assistant .text");
  await waitFor("the greeting on the page", async () => (await agentLines.count()) >= 1);
  expect(await agentLines.first().textContent()).toContain(GREETING);
  expect(await text(page, "#status")).toBe("Connected");
  let audio: InboundAudio | null = null;
  await waitFor(
    "the agent's voice at the page",
    async () => {
      audio = await inboundAudio(page);
      return audio && audio.rmsLevel > 0.05 && audio.playing;
    },
    () => `page audio stats ${JSON.stringify(audio)}`,
  );
  const timerEarly = seconds(await text(page, "#timer"));
  await waitFor("the call timer to advance", async () => {
    return seconds(await text(page, "#timer")) > timerEarly;
  });

  // The caller speaks: the meter moves, the agent answers, and its reply latency is shown.
  expect(await text(page, "#latency")).toBe("—");
  await waitFor("the microphone meter to move", async () => {
    const level = await page.$eval("#mic-level", (meter) => (meter as HTMLMeterElement).value);
    return level > 0.3;
  });
  const callerLines = page.locator("#transcript li.user .text");
  await waitFor("the caller's words on the page", async () => (await callerLines.count()) >= 1);
  await waitFor("the agent's reply on the page", async () => (await agentLines.count()) >= 2);
  await waitFor("the reply latency", async () => /^\d+ ms$/.test(await text(page, "#latency")));
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });

  // Hanging up ends the call in a sentence, and the timer stops.
  const callId = await page.getAttribute("body", "data-call-id");
  await page.click("#hangup");
  await waitFor("the page to say the caller hung up", async () => {
    return (await text(page, "#status")) === "You hung up.";
  });
  const stoppedAt = await text(page, "#timer");
  await waitFor("the stored conversation", async () => {
    const res = await fetch(new URL(`/v1/conversations/${callId}`, link), {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const record = (await res.json()) as { status: string; endReason: string };
    return record.status === "ended" && record.endReason === "hung_up_by_api";
  });
  expect(await text(page, "#timer")).toBe(stoppedAt);

  // The link's token went to the terminal only, never into the log stream.
  expect(logStream).toContain('"msg":"listening"');
  expect(logStream).not.toContain(token);
}, 60_000);

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).textContent()) ?? "";
}

/** "1:05" → 65 */
function seconds(clock: string): number {
  return clock.split(":").reduce((total, part) => total * 60 + Number(part), 0);
}

async function collect(output: ReadableStream<Uint8Array>, onText: (text: string) => void) {
  const decoder = new TextDecoder();
  for await (const chunk of output) onText(decoder.decode(chunk, { stream: true }));
}

/** Waits as `until` does; a failure also shows what the service printed and logged. */
function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  lastSeen: () => string = () => "",
): Promise<T> {
  return until(what, check, () => {
    const errors = logStream.split("\n").filter((line) => line.includes('"level":"error"'));
    return `${lastSeen()}\nterminal: ${terminal.replace(/avt_[\w.-]+/g, "avt_…")}\nservice errors: ${errors.join("\n") || "none"}`;
  });
}
