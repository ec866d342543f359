/**
 * AES-256-GCM encryption for provider credentials at rest. Each value is bound to where it
 * belongs (tenant and credential name) through the additional authenticated data, so a
 * ciphertext copied onto another tenant's row fails to decrypt.
 */
const VERSION = "v1";

export class SecretBox {
  private constructor(private readonly key: CryptoKey) {}

  static async fromKeyBytes(raw: Uint8Array<ArrayBuffer>): Promise<SecretBox> {
    if (raw.byteLength !== 32) throw new Error("SECRETS_KEY must be 32 bytes");
    const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    return new SecretBox(key);
  }

  async seal(plaintext: string, context: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
      this.key,
      new TextEncoder().encode(plaintext),
    );
    return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
  }

  async open(envelope: string, context: string): Promise<string> {
    const [version, iv, body] = envelope.split(".");
    if (version !== VERSION || !iv || !body) throw new Error("unrecognised secret envelope");
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: new TextEncoder().encode(context) },
      this.key,
      fromBase64(body),
    );
    return new TextDecoder().decode(plain);
  }
}

/** Accepts the key as 64 hex characters or 44 base64 characters. */
export function parseSecretsKey(text: string): Uint8Array<ArrayBuffer> {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, "hex"));
  return Uint8Array.from(Buffer.from(text, "base64"));
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(text, "base64"));
}
