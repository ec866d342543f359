import { ConfigError } from "../config/env";
import type { BlobStore } from "./blob-store";
import { FileBlobStore } from "./file-blob-store";
import { S3BlobStore } from "./s3-blob-store";
import { readS3Config } from "./s3-config";

/** The blob store BLOB_STORE_URL names; S3 settings come from the `S3_*`/`AWS_*` variables. */
export function openBlobStore(
  url: string,
  vars: Record<string, string | undefined> = process.env,
): BlobStore {
  if (url.startsWith("file:")) return new FileBlobStore(url.slice("file:".length));
  const { config, problems } = readS3Config(url, vars);
  if (config === null) throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  return new S3BlobStore(config);
}
