import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { Db } from "../../store/db";
import type { AppEnv } from "../context";

export interface ModelMode {
  mode: "openai" | "simulator";
  baseUrl: string;
}

/** Liveness (the process answers) and readiness (its database answers; which model is used). */
export function healthRoutes(db: Db, model: ModelMode) {
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
        summary: "The database is reachable; shows the active model mode",
        responses: { 200: { description: "Ready" }, 503: { description: "Not ready" } },
      }),
      async (c) => {
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
