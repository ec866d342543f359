// Phone callers for the call scenarios: the tenant gets a `twilio` credential and a number bound
// to its agent, and each caller process plays Twilio's side of calls to that number.

import type { CallerKind } from "../calls/caller-kind";
import { setUpAgent } from "../calls/gateway-api";
import { restOk } from "../harness/rest";

const ACCOUNT_SID = `AC${"b7".repeat(16)}`;
const AUTH_TOKEN = "bench-twilio-auth-token-0123456789";
const NUMBER = "+15550104242";

export const phoneCallers: CallerKind = {
  label: "phone",
  main: new URL("./caller-main.ts", import.meta.url).pathname,
  async setUp(baseUrl, adminKey, recording) {
    const { tenantId, tenantKey, agentId } = await setUpAgent(baseUrl, adminKey, recording);
    await restOk(baseUrl, tenantKey, "PUT", `/v1/tenants/${tenantId}/credentials/twilio`, {
      kind: "twilio",
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
    });
    await restOk(baseUrl, tenantKey, "POST", "/v1/bindings", {
      agentId,
      channel: "twilio",
      address: NUMBER,
    });
    return {
      tenantKey,
      line: {
        kind: "phone",
        key: tenantKey,
        tenantId,
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        number: NUMBER,
      },
    };
  },
};
