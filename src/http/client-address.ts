import type { Context } from "hono";

/**
 * The address a request came from, for per-source limits. Behind a proxy that sets a header
 * (Fly's `Fly-Client-IP`) that header is trusted, and only then; otherwise the socket's peer.
 */
export function clientAddressReader(trustedHeader: string | undefined) {
  return (c: Context): string => {
    if (trustedHeader) {
      const fromProxy = c.req.header(trustedHeader)?.trim();
      if (fromProxy) return fromProxy;
    }
    const server = c.env as { requestIP?: (request: Request) => { address: string } | null };
    return server?.requestIP?.(c.req.raw)?.address ?? "unknown";
  };
}
