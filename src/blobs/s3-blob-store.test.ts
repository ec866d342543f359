import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type S3TestServer, startS3TestServer, TEST_BUCKET } from "../../test/s3-test-server";
import { ConfigError, readEnv } from "../config/env";
import { describeBlobStore } from "./blob-store-contract";
import { openBlobStore } from "./open-blob-store";
import { S3BlobStore } from "./s3-blob-store";

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3TestServer();
});
afterAll(() => server.close());

let stores = 0;
// Two keys a page, so every listing in the contract goes through S3's continuation tokens.
describeBlobStore(
  "s3",
  async () => new S3BlobStore(server.config(`run${++stores}`), { listPageSize: 2 }),
);

describe("s3 blob store configuration", () => {
  test("BLOB_STORE_URL s3://bucket/prefix with the S3_* variables opens a working store", async () => {
    const store = openBlobStore(`s3://${TEST_BUCKET}/tenant-data/`, server.vars);
    expect(store.kind).toBe("s3");
    await store.put("exports/a.txt", new TextEncoder().encode("hello"));
    expect(await store.list("exports/")).toEqual(["exports/a.txt"]);
    // The prefix is a folder in the bucket: a store without it sees the key under it.
    const root = openBlobStore(`s3://${TEST_BUCKET}`, server.vars);
    expect(await root.list("tenant-data/")).toEqual(["tenant-data/exports/a.txt"]);
  });

  test("the AWS_* names work too", async () => {
    const vars = Object.fromEntries(
      Object.entries(server.vars).map(([name, value]) => [name.replace(/^S3_/, "AWS_"), value]),
    );
    const store = openBlobStore(`s3://${TEST_BUCKET}/aws-names`, vars);
    await store.put("x", new Uint8Array([1, 2, 3]));
    expect(await store.size("x")).toBe(3);
  });

  test("missing credentials stop the start with the variables named, values never shown", () => {
    const env = { BLOB_STORE_URL: `s3://${TEST_BUCKET}/p`, S3_ENDPOINT: server.endpoint };
    expect(() => readEnv(env)).toThrow(ConfigError);
    expect(() => readEnv(env)).toThrow(/S3_ACCESS_KEY_ID.*S3_SECRET_ACCESS_KEY/);
    const secret = "sk-very-secret-value";
    const withSecretOnly = { ...env, S3_SECRET_ACCESS_KEY: secret, S3_ENDPOINT: "ftp:/x" };
    let message = "";
    try {
      readEnv(withSecretOnly);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("S3_ACCESS_KEY_ID");
    expect(message).toContain("S3_ENDPOINT");
    expect(message).not.toContain(secret);
    expect(() => readEnv({ BLOB_STORE_URL: "s3://Bad_Bucket/p", ...server.vars })).toThrow(
      "bucket name",
    );
    expect(
      readEnv({ BLOB_STORE_URL: `s3://${TEST_BUCKET}/p`, ...server.vars }).BLOB_STORE_URL,
    ).toBe(`s3://${TEST_BUCKET}/p`);
  });
});
