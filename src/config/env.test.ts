import { describe, expect, test } from "bun:test";
import { availableParallelism } from "node:os";
import { defaultCallWorkers } from "./capacity-settings";
import { readEnv } from "./env";

describe("configuration", () => {
  test("an empty environment runs on embedded defaults", () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      PORT: 8080,
      DATABASE_URL: "file:data/astra.db",
      OPENAI_BASE_URL: "https://api.openai.com/v1",
      LOG_LEVEL: "info",
    });
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.ADMIN_API_KEY).toBeUndefined();
  });

  test("calls run on one worker thread per core unless CALL_WORKERS says otherwise; none on one core", () => {
    expect(defaultCallWorkers(16)).toBe(16);
    expect(defaultCallWorkers(2)).toBe(2);
    expect(defaultCallWorkers(1)).toBe(0);
    const cores = availableParallelism();
    expect(readEnv({}).CALL_WORKERS).toBe(cores > 1 ? cores : 0);
    expect(readEnv({ CALL_WORKERS: "0" }).CALL_WORKERS).toBe(0);
    expect(readEnv({ CALL_WORKERS: "3" }).CALL_WORKERS).toBe(3);
    expect(() => readEnv({ CALL_WORKERS: "-1" })).toThrow(/CALL_WORKERS/);
  });

  test("a remote database primary needs its token and a local file for the replica", () => {
    expect(() => readEnv({ DATABASE_SYNC_URL: "libsql://db-acme.turso.io" })).toThrow(
      /DATABASE_AUTH_TOKEN: DATABASE_SYNC_URL names a remote primary, which needs its token/,
    );
    expect(() =>
      readEnv({
        DATABASE_URL: "libsql://db-acme.turso.io",
        DATABASE_SYNC_URL: "libsql://db-acme.turso.io",
        DATABASE_AUTH_TOKEN: "t",
      }),
    ).toThrow(/DATABASE_URL: must be a local file/);
    const env = readEnv({
      DATABASE_SYNC_URL: "libsql://db-acme.turso.io",
      DATABASE_AUTH_TOKEN: "t",
    });
    expect(env.DATABASE_SYNC_URL).toBe("libsql://db-acme.turso.io");
  });

  test("values are read and converted", () => {
    const env = readEnv({
      PORT: "9000",
      OPENAI_BASE_URL: "http://127.0.0.1:4010/v1",
      SECRETS_KEY: "ab".repeat(32),
    });
    expect(env.PORT).toBe(9000);
    expect(env.OPENAI_BASE_URL).toBe("http://127.0.0.1:4010/v1");
  });

  test("each invalid value is named with its reason", () => {
    const attempt = () =>
      readEnv({
        PORT: "eighty",
        SECRETS_KEY: "short",
        LOG_LEVEL: "loud",
        OPENAI_BASE_URL: "not a url",
        ADMIN_API_KEY: "x",
      });
    expect(attempt).toThrow(/PORT: must be a whole number/);
    expect(attempt).toThrow(/SECRETS_KEY: must be 32 bytes/);
    expect(attempt).toThrow(/LOG_LEVEL/);
    expect(attempt).toThrow(/OPENAI_BASE_URL: must be a URL/);
    expect(attempt).toThrow(/ADMIN_API_KEY: must be at least 24/);
    expect(() => readEnv({ PORT: "70000" })).toThrow(/PORT/);
  });

  test("ALLOW_PRIVATE_EGRESS is a comma-separated list of CIDRs, empty by default", () => {
    expect(readEnv({}).ALLOW_PRIVATE_EGRESS).toEqual([]);
    expect(readEnv({ ALLOW_PRIVATE_EGRESS: "10.0.0.0/8, fd00::/8," }).ALLOW_PRIVATE_EGRESS).toEqual(
      ["10.0.0.0/8", "fd00::/8"],
    );
    expect(() => readEnv({ ALLOW_PRIVATE_EGRESS: "10.0.0.0/8,10.0.0.5,localhost/8" })).toThrow(
      "ALLOW_PRIVATE_EGRESS: not an IPv4 or IPv6 CIDR such as 10.0.0.0/8: 10.0.0.5, localhost/8",
    );
  });

  test("SEED_DEMO is true or false, and unset by default", () => {
    expect(readEnv({}).SEED_DEMO).toBeUndefined();
    expect(readEnv({ SEED_DEMO: "true" }).SEED_DEMO).toBe(true);
    expect(readEnv({ SEED_DEMO: "false" }).SEED_DEMO).toBe(false);
    expect(() => readEnv({ SEED_DEMO: "yes" })).toThrow(/SEED_DEMO: must be true or false/);
  });
  test("the admin key may be any 24 or more printable characters, but not contain spaces", () => {
    const chosen = "operator-chosen-secret-0123456789";
    expect(readEnv({ ADMIN_API_KEY: chosen }).ADMIN_API_KEY).toBe(chosen);
    expect(() => readEnv({ ADMIN_API_KEY: "correct horse battery staple" })).toThrow(
      /ADMIN_API_KEY: must be printable ASCII without spaces/,
    );
  });

  test("METRICS_TOKEN is unset by default, and one printable token of 16 or more characters", () => {
    expect(readEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(readEnv({ METRICS_TOKEN: "scrape-0123456789" }).METRICS_TOKEN).toBe("scrape-0123456789");
    expect(() => readEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16/);
    expect(() => readEnv({ METRICS_TOKEN: "has a space in it!!" })).toThrow(/METRICS_TOKEN/);
  });

  test("the knowledge base's embedding and upload settings have defaults and bounds", () => {
    expect(readEnv({})).toMatchObject({
      EMBEDDING_MODEL: "text-embedding-3-small",
      EMBEDDING_DIMENSIONS: 512,
      KNOWLEDGE_MAX_UPLOAD_BYTES: 10_485_760,
    });
    expect(readEnv({ EMBEDDING_DIMENSIONS: "1536" }).EMBEDDING_DIMENSIONS).toBe(1536);
    expect(() => readEnv({ EMBEDDING_DIMENSIONS: "4096" })).toThrow(/EMBEDDING_DIMENSIONS/);
    expect(() => readEnv({ EMBEDDING_MODEL: "a model" })).toThrow(
      /EMBEDDING_MODEL: must be a model name/,
    );
  });

  test("the transcript confidence threshold is a number from 0 to 1, 0.75 by default", () => {
    expect(readEnv({}).TRANSCRIPT_CONFIDENCE_THRESHOLD).toBe(0.75);
    expect(
      readEnv({ TRANSCRIPT_CONFIDENCE_THRESHOLD: "0.6" }).TRANSCRIPT_CONFIDENCE_THRESHOLD,
    ).toBe(0.6);
    expect(readEnv({ TRANSCRIPT_CONFIDENCE_THRESHOLD: "1" }).TRANSCRIPT_CONFIDENCE_THRESHOLD).toBe(
      1,
    );
    for (const bad of ["1.5", "-0.1", "high"])
      expect(() => readEnv({ TRANSCRIPT_CONFIDENCE_THRESHOLD: bad })).toThrow(
        /TRANSCRIPT_CONFIDENCE_THRESHOLD: must be a number from 0 to 1/,
      );
  });
});
