import type { Agent, AgentVersion } from "../../api/api-types.gen";
import { type Change, configChanges, lineDiff } from "./config-diff";
import { ScrollingText } from "./scrolling-text";

const NOT_SET = "(not set)";

function Value(props: { value: unknown }) {
  const { value } = props;
  if (value === undefined) return <span class="muted">{NOT_SET}</span>;
  if (typeof value === "string") return <span class="prewrap">{value}</span>;
  return <code class="prewrap">{JSON.stringify(value, null, 2)}</code>;
}

/** A long text's lines, each marked kept, removed (−) or added (+); the marks are words too. */
function TextDiff(props: { path: string; before: string; after: string }) {
  return (
    <ScrollingText class="line-diff" label={`Changes to ${props.path}`}>
      {lineDiff(props.before, props.after).map((line, i) =>
        line.kind === "same" ? (
          <span key={String(i)} class="diff-same">
            {"  "}
            {line.text}
            {"\n"}
          </span>
        ) : line.kind === "removed" ? (
          <del key={String(i)}>
            <span class="visually-hidden">removed: </span>− {line.text}
            {"\n"}
          </del>
        ) : (
          <ins key={String(i)}>
            <span class="visually-hidden">added: </span>+ {line.text}
            {"\n"}
          </ins>
        ),
      )}
    </ScrollingText>
  );
}

const isLongText = (change: Change) =>
  typeof change.before === "string" &&
  typeof change.after === "string" &&
  (change.before.includes("\n") || change.after.includes("\n"));

/** The saved draft against the published version: what publishing would change. */
export function ChangesTab(props: {
  agent: Agent;
  published: AgentVersion | null;
  unsaved: boolean;
}) {
  const { agent, published } = props;
  if (!published) {
    return (
      <section aria-labelledby="changes-heading">
        <h3 id="changes-heading">The draft against the published version</h3>
        <p class="empty">Nothing is published yet: publishing makes this draft version 1.</p>
      </section>
    );
  }
  const changes = configChanges(published.config, agent.draft);
  return (
    <section aria-labelledby="changes-heading">
      <h3 id="changes-heading">The draft against version {published.version} (published)</h3>
      {props.unsaved && (
        <p class="notice">Your unsaved edits are not in this comparison: save the draft first.</p>
      )}
      {changes.length === 0 ? (
        <p class="empty">The draft is the same as version {published.version}.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section class="table-scroll" aria-label="Changes" tabIndex={0}>
          <table class="diff-table">
            <caption>
              {changes.length} {changes.length === 1 ? "field differs" : "fields differ"}
            </caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Version {published.version}</th>
                <th scope="col">Draft</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.path}>
                  <th scope="row">
                    <code>{change.path}</code>
                  </th>
                  {isLongText(change) ? (
                    <td colSpan={2}>
                      <TextDiff
                        path={change.path}
                        before={change.before as string}
                        after={change.after as string}
                      />
                    </td>
                  ) : (
                    <>
                      <td>
                        <Value value={change.before} />
                      </td>
                      <td>
                        <Value value={change.after} />
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
