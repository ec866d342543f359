import type { UsageFigures, UsageGroup, UsageReport } from "../../api/api-types.gen";

export type GroupBy = NonNullable<UsageReport["groupBy"]>;
export type Measure = "minutes" | "calls" | "cost";

const DAY_MS = 86_400_000;

/** The call channels by name; a channel the API adds shows its own key until named here. */
export const CHANNEL_NAMES: Record<string, string> = {
  web: "Browser",
  whatsapp_cloud: "WhatsApp (Meta)",
  wati: "WhatsApp (Wati)",
  livekit: "LiveKit room",
  phone: "Phone (Twilio)",
};

export const MEASURES: Record<Measure, { label: string; of: (f: UsageFigures) => number }> = {
  minutes: { label: "Billable minutes", of: (f) => f.billableSeconds / 60 },
  calls: { label: "Calls", of: (f) => f.calls },
  cost: { label: "Estimated cost (USD)", of: (f) => f.costUsd },
};

/** A UTC day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const NO_USAGE: UsageFigures = {
  calls: 0,
  billableSeconds: 0,
  inputTextTokens: 0,
  inputAudioTokens: 0,
  cachedInputTokens: 0,
  outputTextTokens: 0,
  outputAudioTokens: 0,
  costMicroUsd: 0,
  costUsd: 0,
  unpricedCalls: 0,
};

/**
 * The report's groups as rows to chart: by day, every day of the range, a quiet one at zero
 * (the API lists only days with calls); by agent or channel, as the API lists them.
 */
export function usageRows(report: UsageReport): UsageGroup[] {
  if (report.groupBy !== "day") return report.groups;
  const byDay = new Map(report.groups.map((group) => [group.key, group]));
  const rows: UsageGroup[] = [];
  for (let day = report.from; day <= report.to; day = addDays(day, 1)) {
    rows.push(byDay.get(day) ?? { key: day, ...NO_USAGE });
  }
  return rows;
}

/** What a group's key reads as: a day, an agent's name, or a channel's. */
export function groupLabel(
  groupBy: GroupBy,
  key: string,
  agentNames: ReadonlyMap<string, string>,
): string {
  if (groupBy === "agent") return agentNames.get(key) ?? `${key} (deleted)`;
  if (groupBy === "channel") return CHANNEL_NAMES[key] ?? key;
  return new Date(`${key}T00:00:00Z`).toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
}
