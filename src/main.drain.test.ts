import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CallerPeer } from "../test/caller-peer";
import { until } from "../test/eventually";
import { GatewayProcess } from "../test/gateway-process";

// A deploy stops the machine with SIGTERM in the middle of a browser call: the machine stops
// taking calls at once, the call goes on for DRAIN_SECONDS, then the agent says goodbye, the
// records are finished, and the process exits cleanly.
const ADMIN_KEY = "av_admin_drain-test-key-0123456789";
/** One of the built-in model simulator's recorded lines, so the goodbye is heard as audio. */
const GOODBYE = "Thank you for calling. Goodbye!";
const workDir = mkdtempSync(join(tmpdir(), "astra-drain-"));
const callers: CallerPeer[] = [];

afterAll(async () => {
  for (const caller of callers) caller.close();
  await gateway.kill();
  rmSync(workDir, { recursive: true, force: true });
});

const gateway = new GatewayProcess({ workDir, adminKey: ADMIN_KEY, env: { DRAIN_SECONDS: "2" } });
const { base } = gateway;
const startGateway = () => gateway.start();
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  gateway.api(method, path, body, headers);

async function dial(agentId: string) {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api("POST", "/v1/calls/web", { agentId, sdp: await caller.offer() });
  return { caller, res };
}

test("SIGTERM mid-call: not ready at once, new calls refused, the goodbye is heard, records complete, exit 0", async () => {
  const machine = await startGateway();
  const tenant = (await api("POST", "/v1/tenants", { name: "Drain Dental" })).body;
  const agent = (
    await api("POST", "/v1/agents", {
      tenantId: tenant.id,
      name: "Front desk",
      config: { shutdownGoodbyeText: GOODBYE },
    })
  ).body;
  expect((await api("POST", `/v1/agents/${agent.id}/publish`)).status).toBe(201);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);

  const { caller, res } = await dial(agent.id);
  expect(res.status).toBe(201);
  const callId = res.body.callId as string;
  await caller.answer(res.body.sdp);
  // The greeting is heard in full, then the caller is silent.
  await until("the greeting to be heard", async () => caller.audibleMs() > 1000, 15_000);
  let heard = -1;
  await until(
    "the greeting to end",
    async () => {
      const now = caller.audibleMs();
      const quiet = now === heard;
      heard = now;
      await Bun.sleep(400);
      return quiet;
    },
    15_000,
  );
  const heardBefore = caller.audibleMs();

  machine.kill("SIGTERM");
  // At once: not ready (with a body saying why), still live, and no new calls.
  await until("/readyz to fail", async () => (await fetch(`${base}/readyz`)).status === 503, 1000);
  const ready = await fetch(`${base}/readyz`);
  expect((await ready.json()) as unknown).toMatchObject({ status: "draining" });
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const refused = await dial(agent.id);
  expect(refused.res.status).toBe(503);
  expect(refused.res.body.error.code).toBe("draining");

  // The live call goes on through the drain, then the agent says goodbye and the process ends.
  expect(await machine.exited).toBe(0);
  const heardAfter = caller.audibleMs() - heardBefore;
  // The goodbye line is about two seconds of speech; a call cut without it adds nothing.
  expect(heardAfter).toBeGreaterThan(1000);

  // Started again on the same data: the call's records are complete.
  await startGateway();
  const record = (await api("GET", `/v1/conversations/${callId}`)).body;
  expect(record.status).toBe("ended");
  expect(record.endReason).toBe("gateway_shutdown");
  const agentLines = record.messages
    .filter((m: { role: string }) => m.role === "assistant")
    .map((m: { text: string }) => m.text);
  expect(agentLines.at(-1)).toBe(GOODBYE);
  expect(agentLines.length).toBeGreaterThanOrEqual(2);
  expect(record.recording?.status).toBe("ready");
  expect(record.recording.durationMs).toBeGreaterThan(3000);
}, 90_000);
