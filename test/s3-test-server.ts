import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3BlobStoreConfig } from "../src/blobs/s3-config";

export interface S3TestServer {
  /** Settings for a store under its own prefix, so tests sharing the server do not meet. */
  config(prefix: string): S3BlobStoreConfig;
  /** The variables an operator would set, for the configuration path. */
  vars: Record<string, string>;
  endpoint: string;
  close(): Promise<void>;
}

export const TEST_BUCKET = "astra-test";

/**
 * A real S3-compatible server (s3rver, from the npm registry) in a Node child process, on a free
 * loopback port, keeping its objects in a temp folder.
 */
export async function startS3TestServer(): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), "s3rver-"));
  const child = Bun.spawn(
    // s3rver's continuation tokens are DES-encrypted: OpenSSL 3 keeps DES in its legacy provider.
    [
      "node",
      "--openssl-legacy-provider",
      new URL("./s3rver-process.mjs", import.meta.url).pathname,
      directory,
      TEST_BUCKET,
    ],
    { stdout: "pipe", stderr: "inherit" },
  );
  const port = await firstLinePort(child.stdout);
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts this fixed key pair and checks signatures made with it.
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER", region: "us-east-1" };
  return {
    endpoint,
    config: (prefix) => ({ bucket: TEST_BUCKET, prefix, endpoint, ...credentials }),
    vars: {
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_REGION: credentials.region,
      S3_ENDPOINT: endpoint,
    },
    async close() {
      child.kill("SIGTERM");
      await child.exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function firstLinePort(stdout: ReadableStream<Uint8Array>): Promise<number> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stdout) {
    text += decoder.decode(chunk, { stream: true });
    const line = text.split("\n")[0];
    if (text.includes("\n") && line) return (JSON.parse(line) as { port: number }).port;
  }
  throw new Error("s3rver exited before it listened");
}
