import type { AgentCreate } from "../../api/api-types.gen";
import { setFlash } from "../../components/flash";
import { navigate, pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";

/** Creates an agent (from a template, or blank) and opens it. */
export function useCreateAgent() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  return async (body: Omit<AgentCreate, "tenantId">) => {
    const agent = await api.call("POST /v1/agents", {
      body: { ...body, ...(who.kind === "admin" && { tenantId }) },
    });
    setFlash(
      `Created agent ${agent.name}. Edit its draft, try it with a test call, then publish it.`,
    );
    navigate(pageHref("agents", agent.id));
  };
}
