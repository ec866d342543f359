import { describe, expect, test } from "bun:test";
import { filtersFromSearch, listQuery, NO_FILTERS, searchOf } from "./list-filters";

describe("the conversation list's filters", () => {
  test("go to the address and come back the same", () => {
    const filters = {
      ...NO_FILTERS,
      q: "cleaning next week",
      channel: "web" as const,
      endReason: "silence_timeout" as const,
      from: "2026-03-01",
    };
    expect(searchOf(filters)).toBe(
      "?q=cleaning+next+week&channel=web&endReason=silence_timeout&from=2026-03-01",
    );
    expect(filtersFromSearch(searchOf(filters))).toEqual(filters);
    expect(searchOf(NO_FILTERS)).toBe("");
  });

  test("an address with values the API would refuse is read as if they were not there", () => {
    expect(filtersFromSearch("?channel=fax&endReason=bored&from=yesterday&to=2026-3-1")).toEqual(
      NO_FILTERS,
    );
  });

  test("days are local and `to` includes its whole day", () => {
    const query = listQuery({ ...NO_FILTERS, from: "2026-03-01", to: "2026-03-01", q: "  " });
    expect(query.from).toBe(new Date(2026, 2, 1).toISOString());
    expect(query.to).toBe(new Date(2026, 2, 2).toISOString());
    expect(query.q).toBeUndefined();
    expect(listQuery(NO_FILTERS)).toEqual({
      q: undefined,
      agentId: undefined,
      channel: undefined,
      endReason: undefined,
      outcome: undefined,
      from: undefined,
      to: undefined,
    });
  });
});
