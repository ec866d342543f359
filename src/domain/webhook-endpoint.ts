import type { EventType } from "./events-out";

/** Where a tenant wants its events delivered, as shown to it (the secret never is, after create). */
export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  /** The events it receives; null means every type. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  /** Until when the secret replaced by the last rotation still signs deliveries; null if none. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "delivered", "failed"];

/** One event on its way to one endpoint; the receiver's answer body is never kept. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: EventType;
  callId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  /** Why the last attempt failed without an HTTP status (timeout, refused address…). */
  lastError: string | null;
  /** While pending: when the next attempt is due. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
