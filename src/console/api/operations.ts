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
  "GET /v1/agents",
  "POST /v1/agents",
  "GET /v1/agents/{agentId}",
  "PATCH /v1/agents/{agentId}",
  "DELETE /v1/agents/{agentId}",
  "PUT /v1/agents/{agentId}/draft",
  "POST /v1/agents/{agentId}/publish",
  "GET /v1/agents/{agentId}/versions",
  "POST /v1/agents/{agentId}/versions/{version}/rollback",
  "GET /v1/agents/{agentId}/prompt-preview",
  "GET /v1/agent-templates",
  "POST /v1/agents/generate",
  "GET /v1/calls/webrtc-config",
  "POST /v1/calls/web",
  "GET /v1/calls/{callId}",
  "DELETE /v1/calls/{callId}",
  "GET /v1/calls/{callId}/events",
] as const;
