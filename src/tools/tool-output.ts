/** What the model gets of a long output: the start, and a note saying the rest was cut. */
export function trimOutput(text: string, maxChars: number, cut = false): string {
  const trimmed = text.trim();
  if (trimmed.length <= maxChars && !cut) return trimmed;
  return `${trimmed.slice(0, maxChars)}… [cut to ${maxChars} characters]`;
}

/**
 * A response body as text, read only as far as `maxChars` needs (a huge body is not
 * downloaded to be thrown away). `cut` says there was more.
 */
export async function readTextUpTo(
  response: Response,
  maxChars: number,
): Promise<{ text: string; cut: boolean }> {
  const body = response.body;
  if (!body) return { text: "", cut: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), cut: false };
      text += decoder.decode(value, { stream: true });
      if (text.length > maxChars) {
        await reader.cancel();
        return { text: text.slice(0, maxChars), cut: true };
      }
    }
  } finally {
    reader.releaseLock();
  }
}
