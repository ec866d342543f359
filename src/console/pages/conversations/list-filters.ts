import type { ApiOperations } from "../../api/api-types.gen";
import { type Channel, type EndReason, isChannel, isEndReason } from "./labels";

type ListQuery = ApiOperations["GET /v1/conversations"]["query"];

/** What the conversation list is narrowed to, as the form and the page's address hold it. */
export interface ConversationFilters {
  q: string;
  agentId: string;
  channel: Channel | "";
  endReason: EndReason | "";
  outcome: string;
  /** Local calendar days, `YYYY-MM-DD`, both included; "" for open-ended. */
  from: string;
  to: string;
}

export const NO_FILTERS: ConversationFilters = {
  q: "",
  agentId: "",
  channel: "",
  endReason: "",
  outcome: "",
  from: "",
  to: "",
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in an address's query (`?q=…&channel=web`); anything unreadable is left out. */
export function filtersFromSearch(search: string): ConversationFilters {
  const params = new URLSearchParams(search);
  const text = (name: string) => params.get(name)?.trim() ?? "";
  const day = (name: string) => (DAY.test(text(name)) ? text(name) : "");
  const channel = text("channel");
  const endReason = text("endReason");
  return {
    q: text("q"),
    agentId: text("agentId"),
    channel: isChannel(channel) ? channel : "",
    endReason: isEndReason(endReason) ? endReason : "",
    outcome: text("outcome"),
    from: day("from"),
    to: day("to"),
  };
}

/** The filters as an address's query, only those set: "" when none is. */
export function searchOf(filters: ConversationFilters): string {
  const set = Object.entries(filters).filter(([, value]) => value.trim() !== "");
  return set.length === 0 ? "" : `?${new URLSearchParams(set)}`;
}

/** The start of a local calendar day (`YYYY-MM-DD`), `plusDays` later, as an ISO instant. */
function localDayStart(day: string, plusDays = 0): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/** What the API is asked: the days become the instants that bound them, `to` its whole day. */
export function listQuery(filters: ConversationFilters): ListQuery {
  const set = (value: string) => (value.trim() === "" ? undefined : value.trim());
  return {
    q: set(filters.q),
    agentId: set(filters.agentId),
    channel: filters.channel || undefined,
    endReason: filters.endReason || undefined,
    outcome: set(filters.outcome),
    from: filters.from ? localDayStart(filters.from) : undefined,
    to: filters.to ? localDayStart(filters.to, 1) : undefined,
  };
}
