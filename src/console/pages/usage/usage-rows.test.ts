import { describe, expect, test } from "bun:test";
import type { UsageReport } from "../../api/api-types.gen";
import { addDays, groupLabel, usageRows } from "./usage-rows";

const figures = (calls: number) => ({
  calls,
  billableSeconds: calls * 60,
  inputTextTokens: 0,
  inputAudioTokens: 0,
  cachedInputTokens: 0,
  outputTextTokens: 0,
  outputAudioTokens: 0,
  costMicroUsd: 0,
  costUsd: 0,
  unpricedCalls: 0,
});

const report = (groupBy: UsageReport["groupBy"], keys: string[]): UsageReport => ({
  tenantId: "ten_1",
  from: "2026-02-27",
  to: "2026-03-02",
  groupBy,
  currency: "USD",
  totals: figures(keys.length),
  groups: keys.map((key) => ({ key, ...figures(1) })),
});

describe("usage rows", () => {
  test("by day, every day of the range is a row, a quiet one at zero, across a month's end", () => {
    const rows = usageRows(report("day", ["2026-02-28", "2026-03-02"]));
    expect(rows.map((r) => [r.key, r.calls])).toEqual([
      ["2026-02-27", 0],
      ["2026-02-28", 1],
      ["2026-03-01", 0],
      ["2026-03-02", 1],
    ]);
  });

  test("by agent, the rows are the API's, named; an agent since deleted says so", () => {
    const rows = usageRows(report("agent", ["agt_a", "agt_gone"]));
    const names = new Map([["agt_a", "Front desk"]]);
    expect(rows.map((r) => groupLabel("agent", r.key, names))).toEqual([
      "Front desk",
      "agt_gone (deleted)",
    ]);
    expect(groupLabel("channel", "whatsapp_cloud", names)).toBe("WhatsApp (Meta)");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });
});
