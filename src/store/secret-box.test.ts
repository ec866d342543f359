import { describe, expect, test } from "bun:test";
import { parseSecretsKey, SecretBox } from "./secret-box";

const key = parseSecretsKey("0f".repeat(32));

describe("sealing secrets", () => {
  test("a sealed value opens again only in the place it was sealed for", async () => {
    const box = await SecretBox.fromKeyBytes(key);
    const sealed = await box.seal("wati-token-123", "credential:ten_a:wati");
    expect(sealed).not.toContain("wati-token-123");
    expect(await box.open(sealed, "credential:ten_a:wati")).toBe("wati-token-123");
    await expect(box.open(sealed, "credential:ten_b:wati")).rejects.toThrow();
  });

  test("sealing twice gives different ciphertexts; tampering is detected", async () => {
    const box = await SecretBox.fromKeyBytes(key);
    const a = await box.seal("same", "ctx");
    const b = await box.seal("same", "ctx");
    expect(a).not.toBe(b);
    const [version, iv, body] = a.split(".");
    const flipped = `${version}.${iv}.${body?.startsWith("A") ? `B${body.slice(1)}` : `A${body?.slice(1)}`}`;
    await expect(box.open(flipped, "ctx")).rejects.toThrow();
  });

  test("another key cannot open it", async () => {
    const box = await SecretBox.fromKeyBytes(key);
    const other = await SecretBox.fromKeyBytes(
      parseSecretsKey(Buffer.alloc(32, 7).toString("base64")),
    );
    await expect(other.open(await box.seal("x", "ctx"), "ctx")).rejects.toThrow();
  });
});
