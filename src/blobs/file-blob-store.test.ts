import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeBlobStore } from "./blob-store-contract";
import { FileBlobStore } from "./file-blob-store";

describeBlobStore("file", async () => new FileBlobStore(mkdtempSync(join(tmpdir(), "blobs-"))));
