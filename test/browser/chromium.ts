import { existsSync } from "node:fs";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium; `.ci/run` installs the `chromium` package when it is missing. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Opens headless Chromium with a fresh profile in `userDataDir`, granting the microphone and,
 * when given, feeding it from `fakeMicWav` (looped). Fails, rather than skips, when Chromium is missing:
 * CI installs it, so a skip would hide a broken install step.
 */
export async function launchChromium(options: {
  userDataDir: string;
  fakeMicWav?: string;
}): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}; the browser tests need it. ` +
        "Install it with `apt-get update && apt-get install -y chromium` (.ci/run installs it).",
    );
  }
  return chromium.launchPersistentContext(options.userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      ...(options.fakeMicWav ? [`--use-file-for-fake-audio-capture=${options.fakeMicWav}`] : []),
    ],
  });
}
