import { afterAll, expect, test } from "bun:test";
import { FakeWatiApi } from "./fake-wati-api";

const wati = new FakeWatiApi();
afterAll(() => wati.stop());

const call = (method: string, path: string, body?: unknown, tenant = wati.tenantId) =>
  fetch(`${wati.url}/${tenant}/api/v1/openapi/whatsapp/calls${path}`, {
    method,
    headers: { authorization: `Bearer ${wati.token}`, "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

test("refuses other tenants, unknown paths and accepts without an SDP", async () => {
  expect((await call("POST", "/c1/terminate", undefined, "9999")).status).toBe(404);
  expect((await call("POST", "/c1/hold")).status).toBe(404);
  const accept = await call("POST", "/c1/accept", { sdp: "" });
  expect(accept.status).toBe(400);
  expect(await accept.json()).toEqual({ result: false, info: "sdp is required" });
});

test("permissions need the channel number, and gate outbound calls", async () => {
  expect((await call("GET", "/permissions/919800000002")).status).toBe(400);
  const offer = { Sdp: "v=0\r\n" };
  expect((await call("POST", "/outbound-call/919800000002", offer)).status).toBe(400);
  wati.setPermission("919800000002", {
    status: "granted",
    canStartCall: true,
    canRequestPermission: false,
  });
  const placed = await call("POST", "/outbound-call/919800000002", offer);
  expect(await placed.json()).toEqual({ result: { callId: "wati-out-1" } });
});
