import type { Agent } from "../api/api-types.gen";
import { Field } from "../components/field";
import { Loaded, useLoad } from "../components/loaded";
import { Link } from "../shell/link";
import { navigate, pageHref } from "../shell/router";
import { useSession } from "../shell/session";
import { useTenantAgents } from "./lines/tenant-agents";
import type { ConsolePage, PageProps } from "./page";
import { ToolCard } from "./tools/tool-card";
import "./lines/lines.css";

/** "draft" or a version number, from the URL's last segment. */
function versionOf(segment: string | undefined): "draft" | number {
  const number = Number(segment);
  return Number.isInteger(number) && number > 0 ? number : "draft";
}

function AgentTools(props: { agent: Agent; version: "draft" | number }) {
  const { api } = useSession();
  const { agent, version } = props;
  const tools = useLoad(
    () =>
      api.call("GET /v1/agents/{agentId}/tools", {
        path: { agentId: agent.id },
        query: { version: String(version) },
      }),
    [agent.id, version],
  );
  return (
    <Loaded result={tools} what="the agent's tools">
      {(list) => (
        <>
          {list.unlistedServers.length > 0 && (
            <div class="notice notice-error" role="alert">
              <p>
                <strong>Some MCP servers gave no tools:</strong> {list.unlistedServers.join(", ")}.
                Calls go on without them; check their URL and credential in the agent's settings.
              </p>
            </div>
          )}
          {list.data.length === 0 ? (
            <p class="empty">
              This configuration has no tools.{" "}
              <Link href={pageHref("agents", agent.id)}>Add some in the agent's settings</Link>.
            </p>
          ) : (
            list.data.map((tool) => (
              <ToolCard key={tool.name} agentId={agent.id} version={version} tool={tool} />
            ))
          )}
        </>
      )}
    </Loaded>
  );
}

function ToolsOf(props: { agents: readonly Agent[]; agentId: string; version: "draft" | number }) {
  const agent = props.agents.find((a) => a.id === props.agentId);
  return (
    <>
      <p class="lead">
        The tools a call of the agent declares to the model. Run an HTTP or MCP tool with sample
        arguments to see exactly what the model would be given, without making a call.
      </p>
      <div class="form form-inline tool-picker">
        <Field label="Agent">
          {(control) => (
            <select
              {...control}
              value={props.agentId}
              onChange={(e) => navigate(pageHref("tools", e.currentTarget.value))}
            >
              <option value="">Choose an agent…</option>
              {props.agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {agent && (
          <Field label="Configuration">
            {(control) => (
              <select
                {...control}
                value={String(props.version)}
                onChange={(e) => navigate(pageHref("tools", agent.id, e.currentTarget.value))}
              >
                <option value="draft">Draft</option>
                {agent.publishedVersion !== null && (
                  <option value={String(agent.publishedVersion)}>
                    Live: version {agent.publishedVersion}
                  </option>
                )}
              </select>
            )}
          </Field>
        )}
      </div>
      {agent ? (
        <AgentTools key={`${agent.id}:${props.version}`} agent={agent} version={props.version} />
      ) : props.agentId ? (
        <p class="empty">There is no such agent here.</p>
      ) : props.agents.length === 0 ? (
        <p class="empty">
          No agents yet. <Link href={pageHref("agents", "new")}>Make one</Link>, then give it tools.
        </p>
      ) : (
        <p class="empty">Choose an agent to see its tools.</p>
      )}
    </>
  );
}

/** /console/tools, /console/tools/<agent id>[/<version>] */
function Tools(props: PageProps) {
  const agents = useTenantAgents();
  const [agentId = "", version] = props.rest;
  return (
    <Loaded result={agents} what="agents">
      {(list) => <ToolsOf agents={list} agentId={agentId} version={versionOf(version)} />}
    </Loaded>
  );
}

export const toolsPage: ConsolePage = {
  path: "tools",
  title: "Tools",
  audience: "everyone",
  tenantScoped: true,
  component: Tools,
};
