import { useEffect, useMemo, useState } from "preact/hooks";
import type { Agent, AgentConfig, AgentVersion } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Flash, setFlash } from "../../components/flash";
import { asApiError } from "../../components/loaded";
import { Link } from "../../shell/link";
import { pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { type AgentFields, AgentForm } from "./agent-form";
import { ChangesTab } from "./changes-tab";
import { configChanges } from "./config-diff";
import { type ConfigEditor, ConfigEditorContext } from "./config-editor";
import { configIssues, NO_ISSUES } from "./config-issues";
import { sameJson, setAt } from "./config-paths";
import { JsonTab } from "./json-tab";
import { PreviewTab } from "./preview-tab";
import { TestCallTab } from "./test-call-tab";
import { VersionsTab } from "./versions-tab";

export const TABS = [
  { path: "", label: "Settings" },
  { path: "json", label: "JSON" },
  { path: "changes", label: "Changes" },
  { path: "versions", label: "Versions" },
  { path: "preview", label: "Prompt preview" },
  { path: "test-call", label: "Test call" },
] as const;

const tabHref = (agentId: string, tab: string) =>
  tab ? pageHref("agents", agentId, tab) : pageHref("agents", agentId);

function Tabs(props: { agentId: string; current: string }) {
  return (
    <nav class="tabs" aria-label="Agent">
      <ul>
        {TABS.map((tab) => (
          <li key={tab.path}>
            <Link href={tabHref(props.agentId, tab.path)} current={tab.path === props.current}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Status(props: { agent: Agent; published: AgentVersion | null }) {
  const { agent, published } = props;
  const differs = published ? configChanges(published.config, agent.draft).length : null;
  return (
    <p class="agent-status">
      {published ? (
        <span class="badge badge-active">version {published.version} live</span>
      ) : (
        <span class="badge badge-draft">not published</span>
      )}{" "}
      <span class="muted">draft revision {agent.draftRevision}</span>
      {differs !== null && (
        <span class="muted">
          {" · "}
          {differs === 0
            ? "the draft is what is live"
            : `the draft differs in ${differs} ${differs === 1 ? "field" : "fields"}`}
        </span>
      )}
    </p>
  );
}

/**
 * One agent: its draft edited in the form or as JSON (one unsaved copy shared by both), and
 * its changes, versions, prompt preview and a test call, each a tab with its own URL.
 */
export function AgentWorkspace(props: {
  agent: Agent;
  versions: readonly AgentVersion[];
  tab: string;
  onReload: () => void;
}) {
  const { api } = useSession();
  const [saved, setSaved] = useState(props.agent);
  useEffect(() => setSaved(props.agent), [props.agent]);
  const [fields, setFields] = useState<AgentFields>(() => ({
    name: props.agent.name,
    description: props.agent.description,
  }));
  const [config, setConfig] = useState<AgentConfig>(props.agent.draft);
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [jsonParses, setJsonParses] = useState(true);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped when the edits are replaced from outside (saved, discarded): fields start afresh.
  const [generation, setGeneration] = useState(0);

  const configChanged = !sameJson(config, saved.draft);
  const fieldsChanged = fields.name !== saved.name || fields.description !== saved.description;
  const unsaved = configChanged || fieldsChanged;
  const issues = useMemo(() => (errors.length ? configIssues(errors) : NO_ISSUES), [errors]);
  const editor: ConfigEditor = {
    config,
    set: (path, value) => setConfig((current) => setAt(current, path, value)),
    issues,
  };
  const published = props.versions.find((v) => v.version === saved.publishedVersion) ?? null;

  const startAfresh = (agent: Agent) => {
    setConfig(agent.draft);
    setFields({ name: agent.name, description: agent.description });
    setErrors([]);
    setJsonParses(true);
    setGeneration((n) => n + 1);
  };

  const save = async () => {
    setBusy(true);
    setNotice(null);
    const failed: ApiError[] = [];
    let latest = saved;
    if (configChanged) {
      try {
        latest = await api.call("PUT /v1/agents/{agentId}/draft", {
          path: { agentId: saved.id },
          body: { config, expectedRevision: saved.draftRevision },
        });
      } catch (caught) {
        failed.push(asApiError(caught));
      }
    }
    if (fieldsChanged) {
      try {
        latest = await api.call("PATCH /v1/agents/{agentId}", {
          path: { agentId: saved.id },
          body: { name: fields.name, description: fields.description },
        });
      } catch (caught) {
        failed.push(asApiError(caught));
      }
    }
    setSaved(latest);
    setBusy(false);
    if (failed.length > 0) {
      setErrors(failed);
      return;
    }
    startAfresh(latest);
    setNotice(`Saved the draft (revision ${latest.draftRevision}).`);
  };

  const discard = () => {
    startAfresh(saved);
    setNotice("Your edits were discarded.");
  };

  const afterPublish = (message: string) => {
    setFlash(message);
    props.onReload();
  };

  const tab = TABS.some((t) => t.path === props.tab) ? props.tab : "";
  return (
    <ConfigEditorContext.Provider value={editor}>
      <h2>
        {saved.name} <code class="muted">{saved.id}</code>
      </h2>
      <Status agent={saved} published={published} />
      <Flash key={`${saved.publishedVersion}`} />
      <Tabs agentId={saved.id} current={tab} />
      {(unsaved || errors.length > 0 || notice) && (
        <section class="save-bar" aria-label="Saving the draft">
          <p role="status">{unsaved ? "You have unsaved edits." : notice}</p>
          {unsaved && (
            <div class="actions">
              <button
                type="button"
                class="button button-primary"
                disabled={busy || !jsonParses}
                onClick={save}
              >
                {busy ? "Saving…" : "Save draft"}
              </button>
              <button type="button" class="button" disabled={busy} onClick={discard}>
                Discard edits
              </button>
            </div>
          )}
        </section>
      )}
      <div key={generation}>
        {tab === "" && <AgentForm fields={fields} onFields={setFields} />}
        {tab === "json" && (
          <JsonTab config={config} onConfig={setConfig} onParses={setJsonParses} />
        )}
        {tab === "changes" && <ChangesTab agent={saved} published={published} unsaved={unsaved} />}
        {tab === "versions" && (
          <VersionsTab
            agent={saved}
            versions={props.versions}
            unsaved={unsaved}
            onPublished={afterPublish}
          />
        )}
        {tab === "preview" && (
          <PreviewTab agent={saved} versions={props.versions} unsaved={unsaved} />
        )}
        {tab === "test-call" && <TestCallTab agent={saved} unsaved={unsaved} />}
      </div>
      <p>
        <Link href={pageHref("agents")}>All agents</Link>
      </p>
    </ConfigEditorContext.Provider>
  );
}
