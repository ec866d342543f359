import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { sessionStoreHealth } from "../../session/session-health";
import type { SessionStore } from "../../session/session-store";
import type { Db } from "../../store/db";
import type { AppEnv } from "../context";

export interface ModelMode {
  mode: "openai" | "simulator";
  baseUrl: string;
}

/**
 * Liveness (the process answers) and readiness (its database and session store answer; which
 * model and session backend are used).
 */
export function healthRoutes(db: Db, model: ModelMode, sessionStore?: SessionStore) {
  return new Hono<AppEnv>()
    .get(
      "/healthz",
      describeRoute({
        tags: ["Health"],
        summary: "The process is up",
        responses: { 200: { description: "Up" } },
      }),
      (c) => c.json({ status: "ok" }),
    )
    .get(
      "/readyz",
      describeRoute({
        tags: ["Health"],
        summary: "The database and session store are reachable; shows the model mode",
        responses: { 200: { description: "Ready" }, 503: { description: "Not ready" } },
      }),
      async (c) => {
        const [database, session] = await Promise.all([
          db.execute("SELECT 1").then(
            () => "ok" as const,
            () => "unreachable" as const,
          ),
          sessionStore && sessionStoreHealth(sessionStore),
        ]);
        const ready = database === "ok" && session !== "unreachable";
        return c.json(
          {
            status: ready ? "ready" : "not_ready",
            database,
            model: model.mode,
            ...(sessionStore && {
              sessionStore: { backend: sessionStore.backend, status: session },
            }),
          },
          ready ? 200 : 503,
        );
      },
    );
}
