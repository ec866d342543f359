import type { Env } from "../config/env";
import type { CallTokens } from "../http/call-tokens";
import type { Logger } from "../log/logger";
import type { Stores } from "../store/stores";
import { DEMO_LINK_TTL_MS, type DemoCall, prepareDemo, wantsDemo } from "./seed-demo";

/** Where a browser reaches the service: PUBLIC_BASE_URL, else the address it listens on. */
export function serviceBaseUrl(env: Pick<Env, "PUBLIC_BASE_URL" | "HOST">, port: number): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  const anyInterface = env.HOST === "0.0.0.0" || env.HOST === "::" || env.HOST === "";
  if (anyInterface) return `http://localhost:${port}`;
  return env.HOST.includes(":") ? `http://[${env.HOST}]:${port}` : `http://${env.HOST}:${port}`;
}

export function demoLink(baseUrl: string, demo: Pick<DemoCall, "agentId" | "token">): string {
  return `${baseUrl}/demo?${new URLSearchParams({ agent: demo.agentId, token: demo.token })}`;
}

function demoMessage(link: string, seeded: boolean, baseUrl: string): string {
  const hours = DEMO_LINK_TTL_MS / 3_600_000;
  const created = seeded
    ? 'Created tenant "Demo" with a published agent, "Astra Voice demo" (SEED_DEMO=false skips this).\n'
    : "";
  const console = `Configure agents and review calls in the console (sign in with the admin key): ${baseUrl}/\n`;
  return `\n${created}Call the demo agent from your browser (this link works for ${hours} hours; every start prints a new one):\n\n  ${link}\n\n${console}\n`;
}

/**
 * Seeds or finds the demo agent and prints a link that calls it. The link carries a call token,
 * so like the generated admin key it goes to the terminal (stderr) only, never to the log stream.
 */
export async function announceDemo(deps: {
  env: Pick<Env, "SEED_DEMO" | "OPENAI_API_KEY" | "PUBLIC_BASE_URL" | "HOST">;
  stores: Pick<Stores, "tenants" | "agents">;
  callTokens: CallTokens;
  port: number;
  log: Logger;
  write?: (text: string) => void;
}): Promise<void> {
  const { env, log } = deps;
  if (!wantsDemo(env)) return;
  let demo: DemoCall | null;
  try {
    demo = await prepareDemo(deps.stores, deps.callTokens);
  } catch (error) {
    // The demo is a convenience: the service runs on without it.
    log.error("could not prepare the demo agent", { error });
    return;
  }
  if (!demo) return;
  if (demo.seeded) log.info("seeded the demo tenant and agent", { agentId: demo.agentId });
  const baseUrl = serviceBaseUrl(env, deps.port);
  const link = demoLink(baseUrl, demo);
  (deps.write ?? ((text) => process.stderr.write(text)))(demoMessage(link, demo.seeded, baseUrl));
}
