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
 * calls go on, but is not ready. So is a full one (MAX_CALLS_PER_MACHINE calls).
 */
export function healthRoutes(
  db: Db,
  model: ModelMode,
  draining: () => boolean = () => false,
  sessionStore?: SessionStore,
  atCapacity: () => boolean = () => false,
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
              "Not ready: the database or session store is unreachable, the machine drains, or it is full",
          },
        },
      }),
      async (c) => {
        if (draining()) {
          const message = "shutting down: live calls are finishing, new calls go elsewhere";
          return c.json({ status: "draining", message, model: model.mode }, 503);
        }
        // Full answers 503, as a drain does: ready means "takes new calls". fly.toml checks
        // /healthz, not this, because Fly stops routing to a machine whose check fails, and a
        // full machine must still get the requests about its own calls (hang-ups, terminate
        // webhooks, SSE); a new call reaching it is replayed elsewhere instead (new-call-gate.ts).
        // A balancer that routes only new calls can check this; it passes again once a call ends.
        if (atCapacity()) {
          const message = "carrying all the calls it can: new calls go elsewhere until one ends";
          return c.json({ status: "full", message, model: model.mode }, 503);
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
