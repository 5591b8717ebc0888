import type { Generated } from 'kysely';

/** `events` is a JSON array of event names as text. */
export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  events: string;
  secret: string | null;
  status: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  delivery_id: string;
  event: string;
  payload: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  time: number;
  next_attempt_at: number | null;
  /** Added by migration 0011. */
  subject: string | null;
}

/** Webhooks and their delivery log (migration 0010). */
export interface WebhookTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
