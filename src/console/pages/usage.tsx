import { useState } from "preact/hooks";
import type { UsageGroup, UsageReport } from "../api/api-types.gen";
import { DataTable } from "../components/data-table";
import { Field } from "../components/field";
import { formatMinutes, formatNumber } from "../components/format";
import { ErrorNotice, Loaded, useLoad } from "../components/loaded";
import { Stat } from "../components/stat";
import { useSession, useTenantId } from "../shell/session";
import type { ConsolePage } from "./page";
import { type Bar, UsageChart } from "./usage/usage-chart";
import {
  addDays,
  type GroupBy,
  groupLabel,
  MEASURES,
  type Measure,
  usageRows,
} from "./usage/usage-rows";
import "./usage/usage.css";

const GROUPS: Record<GroupBy, string> = { day: "Day", agent: "Agent", channel: "Channel" };

const usd = new Intl.NumberFormat(undefined, {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 4,
});
const formatCost = (dollars: number) => usd.format(dollars);
const formatTokens = (n: number) => formatNumber(n);

function shown(measure: Measure, row: UsageGroup): string {
  if (measure === "minutes") return formatMinutes(row.billableSeconds);
  if (measure === "cost") return formatCost(row.costUsd);
  return formatNumber(row.calls);
}

function Totals(props: { report: UsageReport }) {
  const { totals } = props.report;
  const tokens =
    totals.inputTextTokens +
    totals.inputAudioTokens +
    totals.outputTextTokens +
    totals.outputAudioTokens;
  return (
    <div class="stats">
      <Stat label="Calls" value={formatNumber(totals.calls)} note="ended, refused ones too" />
      <Stat
        label="Billable minutes"
        value={formatMinutes(totals.billableSeconds)}
        note="from answer to end"
      />
      <Stat
        label="Estimated cost"
        value={formatCost(totals.costUsd)}
        note={
          totals.unpricedCalls > 0
            ? `${formatNumber(totals.unpricedCalls)} calls on a model without a price are not in it`
            : "from the model price table"
        }
      />
      <Stat label="Model tokens" value={formatTokens(tokens)} note="text and audio, in and out" />
    </div>
  );
}

function Report(props: {
  report: UsageReport;
  measure: Measure;
  agentNames: ReadonlyMap<string, string>;
}) {
  const { report, measure, agentNames } = props;
  const groupBy = report.groupBy ?? "day";
  const rows = usageRows(report);
  const label = (row: UsageGroup) => groupLabel(groupBy, row.key, agentNames);
  const bars: Bar[] = rows.map((row) => ({
    key: row.key,
    label: label(row),
    value: MEASURES[measure].of(row),
    shown: shown(measure, row),
  }));
  const what = `${MEASURES[measure].label} by ${GROUPS[groupBy].toLowerCase()}, ${report.from} to ${report.to} (UTC)`;
  const summary =
    report.totals.calls === 0
      ? "No calls ended in this range."
      : `${formatNumber(report.totals.calls)} calls, ${formatMinutes(report.totals.billableSeconds)}, ${formatCost(report.totals.costUsd)} in all.`;
  return (
    <>
      <Totals report={report} />
      {report.totals.calls === 0 ? (
        <p class="empty">No calls ended in this range.</p>
      ) : (
        <>
          <UsageChart bars={bars} byDay={groupBy === "day"} title={what} summary={summary} />
          <DataTable<UsageGroup>
            caption={`Usage by ${GROUPS[groupBy].toLowerCase()}`}
            rows={groupBy === "day" ? rows.filter((row) => row.calls > 0) : rows}
            rowKey={(row) => row.key}
            empty="No calls in this range."
            columns={[
              { header: GROUPS[groupBy], cell: label },
              { header: "Calls", cell: (r) => formatNumber(r.calls), numeric: true },
              { header: "Minutes", cell: (r) => formatMinutes(r.billableSeconds), numeric: true },
              {
                header: "Tokens in",
                cell: (r) => formatTokens(r.inputTextTokens + r.inputAudioTokens),
                numeric: true,
              },
              {
                header: "Tokens out",
                cell: (r) => formatTokens(r.outputTextTokens + r.outputAudioTokens),
                numeric: true,
              },
              { header: "Cost", cell: (r) => formatCost(r.costUsd), numeric: true },
            ]}
          />
        </>
      )}
    </>
  );
}

function Usage() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const forAdmin = who.kind === "admin" ? tenantId : undefined;
  const today = new Date().toISOString().slice(0, 10);
  // What the form shows, and what was last asked for (the form is sent as a whole).
  const [from, setFrom] = useState(() => addDays(today, -29));
  const [to, setTo] = useState(today);
  const [asked, setAsked] = useState({ from: addDays(today, -29), to: today });
  const [groupBy, setGroupBy] = useState<GroupBy>("day");
  const [measure, setMeasure] = useState<Measure>("minutes");
  const report = useLoad(
    () =>
      api.call("GET /v1/usage", {
        query: { tenantId: forAdmin, from: asked.from, to: asked.to, groupBy },
      }),
    [asked, groupBy],
  );
  const agents = useLoad(
    () => api.call("GET /v1/agents", { query: { tenantId: forAdmin, limit: "200" } }),
    [],
  );
  const agentNames = new Map(
    agents.state === "ready" ? agents.data.data.map((a) => [a.id, a.name]) : [],
  );
  const refused = report.state === "failed" ? report.error : null;
  return (
    <>
      <form
        class="form usage-form"
        aria-label="Range and grouping"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ from, to });
        }}
      >
        <p class="hint">
          Calls count on the UTC day they started, once they have ended; both days are included.
        </p>
        <div class="usage-controls">
          <Field label="From" error={refused?.issueFor("query.from")}>
            {(control) => (
              <input
                {...control}
                type="date"
                name="from"
                value={from}
                onInput={(e) => setFrom(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="To" error={refused?.issueFor("query.to")}>
            {(control) => (
              <input
                {...control}
                type="date"
                name="to"
                value={to}
                onInput={(e) => setTo(e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="actions">
            <button type="submit" class="button button-primary">
              Show
            </button>
          </div>
        </div>
        <div class="usage-controls">
          <Field label="Group by">
            {(control) => (
              <select
                {...control}
                value={groupBy}
                onChange={(e) => setGroupBy(e.currentTarget.value as GroupBy)}
              >
                {Object.entries(GROUPS).map(([value, name]) => (
                  <option key={value} value={value}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Chart">
            {(control) => (
              <select
                {...control}
                value={measure}
                onChange={(e) => setMeasure(e.currentTarget.value as Measure)}
              >
                {Object.entries(MEASURES).map(([value, m]) => (
                  <option key={value} value={value}>
                    {m.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </form>
      {refused && refused.issues.length > 0 ? (
        <ErrorNotice error={refused} title="That range cannot be shown." />
      ) : (
        <section class="panel" aria-label="Usage">
          <Loaded result={report} what="usage">
            {(data) => <Report report={data} measure={measure} agentNames={agentNames} />}
          </Loaded>
        </section>
      )}
    </>
  );
}

export const usagePage: ConsolePage = {
  path: "usage",
  title: "Usage",
  audience: "everyone",
  tenantScoped: true,
  component: Usage,
};
