/**
 * `BLOB_STORE_URL=s3://bucket/prefix` with the variables Bun's S3 client reads (`S3_*`, or the
 * `AWS_*` equivalents). Read here explicitly so that a missing one is a clear error at start,
 * not a failed upload at the end of the first call.
 */
export interface S3BlobStoreConfig {
  bucket: string;
  /** Folder inside the bucket, without slashes at either end; "" for the bucket's root. */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  endpoint?: string;
}

const NEEDED = "is not set: BLOB_STORE_URL names S3 storage";
type Vars = Record<string, string | undefined>;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9_\-.]+(\/[A-Za-z0-9_\-.]+)*$/;

/** `S3_<name>`, else `AWS_<name>`, ignoring empty values. */
function variable(vars: Vars, name: string): string | undefined {
  return [vars[`S3_${name}`], vars[`AWS_${name}`]].find(
    (value) => value !== undefined && value !== "",
  );
}

/** The S3 settings, or the problems that stop them (variable names only, never values). */
export function readS3Config(
  url: string,
  vars: Vars,
): { config: S3BlobStoreConfig; problems: [] } | { config: null; problems: string[] } {
  const problems: string[] = [];
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  const bucket = match?.[1] ?? "";
  const prefix = (match?.[2] ?? "").replace(/^\/+|\/+$/g, "");
  if (!BUCKET.test(bucket))
    problems.push("BLOB_STORE_URL: the bucket name is not a valid S3 bucket name");
  if (
    prefix !== "" &&
    (!PREFIX.test(prefix) || prefix.split("/").some((p) => p === ".." || p === "."))
  ) {
    problems.push("BLOB_STORE_URL: the prefix may hold only letters, digits, _ - . and /");
  }
  const accessKeyId = variable(vars, "ACCESS_KEY_ID");
  const secretAccessKey = variable(vars, "SECRET_ACCESS_KEY");
  if (!accessKeyId) problems.push(`S3_ACCESS_KEY_ID (or AWS_ACCESS_KEY_ID) ${NEEDED}`);
  if (!secretAccessKey) problems.push(`S3_SECRET_ACCESS_KEY (or AWS_SECRET_ACCESS_KEY) ${NEEDED}`);
  const endpoint = variable(vars, "ENDPOINT");
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    problems.push("S3_ENDPOINT (or AWS_ENDPOINT) must be an http(s) URL");
  }
  if (problems.length > 0 || !accessKeyId || !secretAccessKey) {
    return { config: null, problems };
  }
  const config: S3BlobStoreConfig = { bucket, prefix, accessKeyId, secretAccessKey };
  const sessionToken = variable(vars, "SESSION_TOKEN");
  const region = variable(vars, "REGION");
  if (sessionToken) config.sessionToken = sessionToken;
  if (region) config.region = region;
  if (endpoint) config.endpoint = endpoint;
  return { config, problems: [] };
}
