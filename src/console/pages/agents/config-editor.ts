import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { AgentConfig } from "../../api/api-types.gen";
import type { ConfigIssues } from "./config-issues";

/** The draft being edited, shared by the form's fields: each reads and writes one path. */
export interface ConfigEditor {
  config: AgentConfig;
  set(path: string, value: unknown): void;
  issues: ConfigIssues;
}

export const ConfigEditorContext = createContext<ConfigEditor | null>(null);

export function useConfigEditor(): ConfigEditor {
  const editor = useContext(ConfigEditorContext);
  if (!editor) throw new Error("a config field outside the agent form");
  return editor;
}
