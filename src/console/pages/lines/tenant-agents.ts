import type { Agent } from "../../api/api-types.gen";
import { type Loading, useLoad } from "../../components/loaded";
import { useSession, useTenantId } from "../../shell/session";

/** The tenant's agents (the first 200), for choosing where a line or a tool run goes. */
export function useTenantAgents(): Loading<Agent[]> {
  const { api } = useSession();
  const tenantId = useTenantId();
  return useLoad(
    async () => (await api.call("GET /v1/agents", { query: { limit: "200", tenantId } })).data,
    [],
  );
}

/** An agent's name by its id; the id itself for one not in the list. */
export function agentName(agents: readonly Agent[], agentId: string): string {
  return agents.find((agent) => agent.id === agentId)?.name ?? agentId;
}
