import { startTestApi, type TestApi, type TestApiOptions } from "../api-harness";

export interface ServedApp {
  api: TestApi;
  /** e.g. http://127.0.0.1:43121 */
  baseUrl: string;
  stop(): Promise<void>;
}

/** The harness's whole app, served on a free loopback port so a real browser can reach it. */
export async function serveTestApp(options: TestApiOptions = {}): Promise<ServedApp> {
  // No STUN server: a real browser would try to reach it, and tests stay on loopback.
  const api = await startTestApi({ iceServers: [], ...options });
  let server: ReturnType<typeof Bun.serve>;
  try {
    // idleTimeout 0: the call's event stream stays open while the call is quiet.
    server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: api.app.fetch, idleTimeout: 0 });
  } catch (error) {
    await api.close();
    throw error;
  }
  return {
    api,
    baseUrl: `http://127.0.0.1:${server.port}`,
    async stop() {
      await server.stop(true);
      await api.close();
    },
  };
}
