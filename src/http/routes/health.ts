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
 * Liveness (the process answers) and readiness (its database and session store answer and it
 * takes calls; which model and session backend are used). A draining machine stays live, so its
 * calls go on, but is not ready.
 */
export function healthRoutes(
  db: Db,
  model: ModelMode,
  draining: () => boolean = () => false,
  sessionStore?: SessionStore,
) {
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
        summary:
          "The database and session store are reachable and new calls are taken; shows the model mode",
        responses: {
          200: { description: "Ready" },
          503: {
            description:
              "Not ready: the database or session store is unreachable, or the machine drains",
          },
        },
      }),
      async (c) => {
        if (draining()) {
          const message = "shutting down: live calls are finishing, new calls go elsewhere";
          return c.json({ status: "draining", message, model: model.mode }, 503);
        }
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
