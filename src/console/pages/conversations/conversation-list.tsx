import { useEffect, useState } from "preact/hooks";
import type { Agent, Conversation, ConversationPage } from "../../api/api-types.gen";
import { DataTable } from "../../components/data-table";
import { Flash } from "../../components/flash";
import { formatTime } from "../../components/format";
import { Loaded, useLoad } from "../../components/loaded";
import { Link } from "../../shell/link";
import { navigate, pageHref } from "../../shell/router";
import { useSession, useTenantId } from "../../shell/session";
import { ConversationFiltersForm } from "./conversation-filters";
import { CHANNEL_LABELS, endReasonLabel, formatClock } from "./labels";
import { type ConversationFilters, filtersFromSearch, listQuery, searchOf } from "./list-filters";

const PAGE_SIZE = 25;

function status(call: Conversation): string {
  if (call.deletedAt) return "deleted";
  if (call.status !== "ended") return "live";
  return call.recording?.status === "ready" ? "recorded" : "ended";
}

function Results(props: {
  page: ConversationPage;
  agents: ReadonlyMap<string, string>;
  filtered: boolean;
}) {
  return (
    <DataTable<Conversation>
      caption="Conversations, newest first"
      rows={props.page.data}
      rowKey={(call) => call.id}
      empty={
        props.filtered
          ? "No conversation matches these filters."
          : "No conversations yet. Calls appear here as they start."
      }
      columns={[
        {
          header: "Started",
          cell: (call) => (
            <Link href={pageHref("conversations", call.id)}>{formatTime(call.receivedAt)}</Link>
          ),
        },
        {
          header: "Agent",
          cell: (call) => (
            <>
              {props.agents.get(call.agentId) ?? <code>{call.agentId}</code>}
              {call.agentVersion === 0 && <span class="block muted">test call (draft)</span>}
            </>
          ),
        },
        { header: "Channel", cell: (call) => CHANNEL_LABELS[call.channel] },
        { header: "Caller", cell: (call) => call.remoteParty },
        {
          header: "Length",
          cell: (call) => (call.durationMs === null ? "—" : formatClock(call.durationMs)),
          numeric: true,
        },
        { header: "Ended because", cell: (call) => endReasonLabel(call.endReason) },
        // The analysis's label, as the business named it in the agent's analysis.outcomes.
        { header: "Outcome", cell: (call) => call.outcome ?? "—" },
        {
          header: "Status",
          cell: (call) => {
            const shown = status(call);
            return <span class={`badge badge-${shown}`}>{shown}</span>;
          },
        },
      ]}
    />
  );
}

/** The tenant's conversations, newest first: searched, filtered, a page at a time. */
export function ConversationList() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const [filters, setFilters] = useState<ConversationFilters>(() =>
    filtersFromSearch(location.search),
  );
  // The cursors of the pages before this one, to go back; the current page's own.
  const [earlier, setEarlier] = useState<Array<string | undefined>>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const agents = useLoad(
    () =>
      api.call("GET /v1/agents", {
        query: { limit: "200", tenantId: who.kind === "admin" ? tenantId : undefined },
      }),
    [],
  );
  const page = useLoad(
    () =>
      api.call("GET /v1/conversations", {
        query: {
          ...listQuery(filters),
          limit: String(PAGE_SIZE),
          cursor,
          tenantId: who.kind === "admin" ? tenantId : undefined,
        },
      }),
    [filters, cursor],
  );
  // Back and forward between searches bring their filters with them.
  useEffect(() => {
    const restore = () => {
      setFilters(filtersFromSearch(location.search));
      setEarlier([]);
      setCursor(undefined);
    };
    addEventListener("popstate", restore);
    return () => removeEventListener("popstate", restore);
  }, []);

  const apply = (next: ConversationFilters) => {
    navigate(pageHref("conversations") + searchOf(next));
    setFilters(next);
    setEarlier([]);
    setCursor(undefined);
  };
  const agentList: readonly Agent[] = agents.state === "ready" ? agents.data.data : [];
  const agentNames = new Map(agentList.map((agent) => [agent.id, agent.name]));
  const filtered = searchOf(filters) !== "";
  return (
    <>
      <Flash />
      <ConversationFiltersForm
        key={searchOf(filters)}
        filters={filters}
        agents={agentList}
        onApply={apply}
      />
      <Loaded result={page} what="conversations">
        {(found) => (
          <>
            <Results page={found} agents={agentNames} filtered={filtered} />
            {(earlier.length > 0 || found.nextCursor) && (
              <nav class="pager" aria-label="Pages of conversations">
                <button
                  type="button"
                  class="button"
                  disabled={earlier.length === 0}
                  onClick={() => {
                    setCursor(earlier.at(-1));
                    setEarlier(earlier.slice(0, -1));
                  }}
                >
                  Newer
                </button>
                <span class="muted">Page {earlier.length + 1}</span>
                <button
                  type="button"
                  class="button"
                  disabled={!found.nextCursor}
                  onClick={() => {
                    setEarlier([...earlier, cursor]);
                    setCursor(found.nextCursor ?? undefined);
                  }}
                >
                  Older
                </button>
              </nav>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
