/**
 * The credential a TURN server with `use-auth-secret` expects for `username`: base64 of
 * HMAC-SHA1(secret, username). Written against WebCrypto, apart from the code under test.
 */
export async function expectedTurnCredential(secret: string, username: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(username));
  return Buffer.from(mac).toString("base64");
}
