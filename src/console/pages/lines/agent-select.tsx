import type { Agent } from "../../api/api-types.gen";
import { Field } from "../../components/field";

/** Which agent answers: a select of the tenant's agents, with the API's message beside it. */
export function AgentSelect(props: {
  agents: readonly Agent[];
  value: string;
  onChange: (agentId: string) => void;
  error: string | undefined;
  label?: string;
}) {
  return (
    <Field label={props.label ?? "Agent"} error={props.error}>
      {(control) => (
        <select
          {...control}
          name="agentId"
          value={props.value}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          <option value="">Choose an agent…</option>
          {props.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
              {agent.publishedVersion === null ? " (not published)" : ""}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
