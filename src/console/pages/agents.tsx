import { Loaded, useLoad } from "../components/loaded";
import { useSession } from "../shell/session";
import { AgentList } from "./agents/agent-list";
import { AgentWorkspace } from "./agents/agent-workspace";
import { NewAgent } from "./agents/new-agent";
import type { ConsolePage, PageProps } from "./page";
import "./agents/agents.css";

function AgentDetail(props: { agentId: string; tab: string }) {
  const { api } = useSession();
  const path = { agentId: props.agentId };
  const loaded = useLoad(
    () =>
      Promise.all([
        api.call("GET /v1/agents/{agentId}", { path }),
        api.call("GET /v1/agents/{agentId}/versions", { path, query: { limit: "200" } }),
      ]),
    [props.agentId],
  );
  return (
    <Loaded result={loaded} what="the agent">
      {([agent, versions]) => (
        <AgentWorkspace
          key={agent.id}
          agent={agent}
          versions={versions.data}
          tab={props.tab}
          onReload={loaded.reload}
        />
      )}
    </Loaded>
  );
}

/** /console/agents, /console/agents/new, /console/agents/<id>[/<tab>] */
function Agents(props: PageProps) {
  const [sub, tab = ""] = props.rest;
  if (sub === "new") return <NewAgent />;
  if (sub) return <AgentDetail agentId={sub} tab={tab} />;
  return <AgentList />;
}

export const agentsPage: ConsolePage = {
  path: "agents",
  title: "Agents",
  audience: "everyone",
  tenantScoped: true,
  component: Agents,
};
