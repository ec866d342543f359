import { CLINIC_RECEPTION } from "./clinic-reception";
import { LEAD_QUALIFICATION } from "./lead-qualification";
import { ORDER_STATUS } from "./order-status";
import { RESTAURANT_BOOKING } from "./restaurant-booking";
import type { AgentTemplate } from "./template";

export type { AgentTemplate, SuggestedTool } from "./template";

export const AGENT_TEMPLATES: readonly AgentTemplate[] = [
  RESTAURANT_BOOKING,
  CLINIC_RECEPTION,
  ORDER_STATUS,
  LEAD_QUALIFICATION,
];

export function findTemplate(id: string): AgentTemplate | undefined {
  return AGENT_TEMPLATES.find((template) => template.id === id);
}
