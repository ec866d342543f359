import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * Gives this thread a private copy of the WebRTC addon and has src/media/webrtc/wrtc.ts load it.
 * One loaded instance of @roamhq/wrtc keeps its classes in process-wide statics, so only the
 * thread that loaded it last can use it; a copy under another path is a separate instance with
 * its own. The copy is removed once loaded (the mapping stays).
 */
export function useOwnWrtcCopy(): void {
  const triple = `${process.platform}-${process.arch}`;
  const lib = dirname(require.resolve("@roamhq/wrtc/package.json"));
  const binary = join(dirname(require.resolve(`@roamhq/wrtc-${triple}/package.json`)), "wrtc.node");
  const dir = mkdtempSync(join(tmpdir(), "astra-wrtc-"));
  cpSync(lib, join(dir, "wrtc"), { recursive: true });
  mkdirSync(join(dir, "wrtc", `build-${triple}`));
  cpSync(binary, join(dir, "wrtc", `build-${triple}`, "wrtc.node"));
  const entry = join(dir, "wrtc", "lib", "index.js");
  require(entry);
  (globalThis as { wrtcAddonPath?: string }).wrtcAddonPath = entry;
  rmSync(dir, { recursive: true, force: true });
}
