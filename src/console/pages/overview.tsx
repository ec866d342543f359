import { useState } from "preact/hooks";
import type { TenantPlan, TurnLatencyReport, UsageReport } from "../api/api-types.gen";
import { formatMinutes, formatMs, formatNumber, formatTime } from "../components/format";
import { LatencyChart } from "../components/latency-chart";
import { Loaded, useLoad } from "../components/loaded";
import { Stat } from "../components/stat";
import { useSession, useTenantId } from "../shell/session";
import type { ConsolePage } from "./page";

/** Live calls change by the second; the page asks again this often. */
const LIVE_REFRESH_MS = 10_000;

const RANGES = {
  day: { label: "Last 24 hours", hours: 24, bucket: "hour" },
  week: { label: "Last 7 days", hours: 24 * 7, bucket: "day" },
  month: { label: "Last 30 days", hours: 24 * 30, bucket: "day" },
} as const;
type Range = keyof typeof RANGES;

function PlanFigures(props: { plan: TenantPlan; today: UsageReport }) {
  const { plan, today } = props;
  const limit = plan.monthlyMinutes;
  const usedPercent = limit ? Math.min(100, (plan.usedSeconds / 60 / limit) * 100) : null;
  return (
    <div class="stats">
      <Stat
        label="Live calls"
        value={formatNumber(plan.liveCalls)}
        note={`of ${formatNumber(plan.concurrentCallLimit)} at once`}
      />
      <Stat
        label="Calls today"
        value={formatNumber(today.totals.calls)}
        note={`ended calls started since 00:00 UTC (${today.from})`}
      />
      <Stat
        label="Minutes today"
        value={formatMinutes(today.totals.billableSeconds)}
        note="billable, of those calls"
      />
      <Stat
        label={`Quota, ${plan.month}`}
        value={formatMinutes(plan.usedSeconds)}
        note={
          limit === null ? (
            "no monthly limit"
          ) : (
            <>
              of {formatNumber(limit)} min ({Math.round(usedPercent ?? 0)}%)
              <meter
                class="quota-meter"
                min={0}
                max={100}
                low={75}
                high={90}
                optimum={0}
                value={usedPercent ?? 0}
                aria-label="Share of this month's minutes used"
              />
              <span class="block">resets {formatTime(plan.resetsAt)}</span>
            </>
          )
        }
      />
    </div>
  );
}

function Latency() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const [range, setRange] = useState<Range>("day");
  const { hours, bucket } = RANGES[range];
  const report = useLoad<TurnLatencyReport>(() => {
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3_600_000);
    return api.call("GET /v1/turn-latency", {
      query: {
        tenantId: who.kind === "admin" ? tenantId : undefined,
        from: from.toISOString(),
        to: to.toISOString(),
        bucket,
      },
    });
  }, [range]);
  return (
    <section aria-labelledby="latency-heading" class="panel">
      <div class="panel-head">
        <h2 id="latency-heading">Reply latency per turn</h2>
        <div class="field-inline">
          <label for="latency-range">Range</label>
          <select
            id="latency-range"
            value={range}
            onChange={(event) => setRange(event.currentTarget.value as Range)}
          >
            {Object.entries(RANGES).map(([value, option]) => (
              <option key={value} value={value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p class="hint">
        From the end of the caller's words to the agent's first audio, as placed on the call's
        recording clock. Each turn counts at its call's start.
      </p>
      <Loaded result={report} what="latency">
        {(data) => {
          const summary =
            data.turns === 0
              ? "No turns were measured in this range."
              : `${formatNumber(data.turns)} turns: p50 ${formatMs(data.p50Ms)}, p95 ${formatMs(data.p95Ms)}.`;
          return (
            <>
              <p class="latency-summary">{summary}</p>
              <LatencyChart buckets={data.buckets} bucket={data.bucket} summary={summary} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function Overview() {
  const { api, who } = useSession();
  const tenantId = useTenantId();
  const figures = useLoad(
    async () => {
      const today = new Date().toISOString().slice(0, 10);
      const forAdmin = who.kind === "admin" ? tenantId : undefined;
      const [plan, usage] = await Promise.all([
        api.call("GET /v1/tenants/{tenantId}/plan", { path: { tenantId } }),
        api.call("GET /v1/usage", { query: { tenantId: forAdmin, from: today, to: today } }),
      ]);
      return { plan, usage };
    },
    [],
    LIVE_REFRESH_MS,
  );
  return (
    <>
      <section aria-labelledby="today-heading" class="panel">
        <h2 id="today-heading">Now and today</h2>
        <Loaded result={figures} what="today's figures">
          {({ plan, usage }) => <PlanFigures plan={plan} today={usage} />}
        </Loaded>
      </section>
      <Latency />
    </>
  );
}

export const overviewPage: ConsolePage = {
  path: "overview",
  title: "Overview",
  audience: "everyone",
  tenantScoped: true,
  component: Overview,
};
