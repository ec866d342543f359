import { expect, test } from "bun:test";
import { join } from "node:path";

// A call worker thread that fails where nothing catches it takes its calls' media and sessions
// with it: those calls end with `error` and their records say why, the after-call work runs,
// and another worker takes new calls. Run in a process of its own (see the script).
const SCRIPT = join(import.meta.dir, "..", "..", "test", "worker-crash-run.ts");

test("a call whose worker fails ends with an error, its records finished; new calls still run", async () => {
  const run = Bun.spawn([process.execPath, SCRIPT], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(run.stdout).text(),
    new Response(run.stderr).text(),
    run.exited,
  ]);
  expect({ code, err: code === 0 ? "" : err }).toEqual({ code: 0, err: "" });
  const seen = JSON.parse(out.trim().split("\n").at(-1) ?? "{}");

  expect(seen.worker).toBeGreaterThanOrEqual(0);
  expect(seen.record).toMatchObject({ status: "ended", endReason: "error" });
  expect(seen.record.events.map((e: { kind: string }) => e.kind)).toContain("call_worker_failed");
  // What was said before the failure is kept.
  expect(seen.record.messages[0]?.role).toBe("assistant");
  expect(seen.live).toBe(false);
  // The after-call work ran: the recording of what was heard until then is playable.
  expect(seen.record.recording?.status).toBe("ready");
  expect(seen.metrics).toContain('astra_calls_live{channel="web"} 0\n');
  expect(seen.metrics).toContain('astra_calls_ended_total{channel="web",reason="error"} 1\n');
  expect(seen.logged).toContain("call worker failed; its calls end and another worker starts");
  // Two new calls run on two workers: the failed worker's replacement is up.
  expect(seen.nextWorkers).toHaveLength(2);
  expect(new Set(seen.nextWorkers).size).toBe(2);
}, 90_000);
