import type { BlobStore } from "./blob-store";
import { FileBlobStore } from "./file-blob-store";

/** The blob store BLOB_STORE_URL names. */
export function openBlobStore(url: string): BlobStore {
  if (url.startsWith("file:")) return new FileBlobStore(url.slice("file:".length));
  throw new Error(`BLOB_STORE_URL: S3 storage is not built yet (${url.split(":")[0]}:)`);
}
