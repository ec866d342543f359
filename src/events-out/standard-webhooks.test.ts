import { expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { DEFAULT_RETRY_SCHEDULE_MS, nextAttemptMs } from "./retry-schedule";
import { newEndpointSecret, signatureOf, webhookHeaders } from "./standard-webhooks";

test("signatures are the ones the Standard Webhooks reference library makes", () => {
  const secret = newEndpointSecret();
  const message = {
    id: "evt_01k8c1tvq8000m4gj779m7w",
    timestampSeconds: 1_764_000_000,
    body: '{"type":"call.started","data":{"text":"héllo ✓"}}',
  };
  const reference = new Webhook(secret).sign(
    message.id,
    new Date(message.timestampSeconds * 1000),
    message.body,
  );
  expect(signatureOf(secret, message)).toBe(reference);
  const other = newEndpointSecret();
  expect(other).not.toBe(secret);
  expect(webhookHeaders([secret, other], message)["webhook-signature"]).toBe(
    `${reference} ${signatureOf(other, message)}`,
  );
});

test("retries wait longer each time, spread by at most 10%, and span more than a day", () => {
  const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0);
  expect(total * 0.9).toBeGreaterThan(24 * 3_600_000);
  for (const [i, wait] of DEFAULT_RETRY_SCHEDULE_MS.entries()) {
    const low = nextAttemptMs(DEFAULT_RETRY_SCHEDULE_MS, i + 1, 0, () => 0) as number;
    const high = nextAttemptMs(DEFAULT_RETRY_SCHEDULE_MS, i + 1, 0, () => 0.999999) as number;
    expect(low).toBe(Math.round(wait * 0.9));
    expect(high).toBeLessThanOrEqual(Math.round(wait * 1.1));
    if (i > 0) expect(wait).toBeGreaterThanOrEqual(DEFAULT_RETRY_SCHEDULE_MS[i - 1] as number);
  }
  expect(
    nextAttemptMs(DEFAULT_RETRY_SCHEDULE_MS, DEFAULT_RETRY_SCHEDULE_MS.length + 1, 0),
  ).toBeNull();
});
