/**
 * Every API operation the console calls, as `METHOD /path` the way /openapi.json names it. The
 * typed client (client.ts) accepts only these. A page that needs another one adds its line here
 * and runs `npm run api-types`; a test fails if one is missing from /openapi.json.
 */
export const CONSOLE_OPERATIONS = [
  "GET /v1/whoami",
  "GET /v1/tenants",
  "POST /v1/tenants",
  "GET /v1/tenants/{tenantId}",
  "PATCH /v1/tenants/{tenantId}",
  "GET /v1/tenants/{tenantId}/plan",
  "GET /v1/tenants/{tenantId}/keys",
  "POST /v1/tenants/{tenantId}/keys",
  "DELETE /v1/tenants/{tenantId}/keys/{keyId}",
  "GET /v1/usage",
  "GET /v1/turn-latency",
] as const;
