import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { Db } from "../../store/db";
import type { AppEnv } from "../context";

export interface ModelMode {
  mode: "openai" | "simulator";
  baseUrl: string;
}

/**
 * Liveness (the process answers) and readiness (its database answers and it takes calls; which
 * model is used). A draining machine stays live, so its calls go on, but is not ready.
 */
export function healthRoutes(db: Db, model: ModelMode, draining: () => boolean = () => false) {
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
        summary: "The database is reachable and new calls are taken; shows the active model mode",
        responses: {
          200: { description: "Ready" },
          503: { description: "Not ready: the database is unreachable, or the machine drains" },
        },
      }),
      async (c) => {
        if (draining()) {
          const message = "shutting down: live calls are finishing, new calls go elsewhere";
          return c.json({ status: "draining", message, model: model.mode }, 503);
        }
        const database = await db.execute("SELECT 1").then(
          () => "ok" as const,
          () => "unreachable" as const,
        );
        const ready = database === "ok";
        return c.json(
          { status: ready ? "ready" : "not_ready", database, model: model.mode },
          ready ? 200 : 503,
        );
      },
    );
}
