/**
 * Webhooks as MLflow 3 defines them: a URL subscribed to registry events (`entity.action`, e.g.
 * `model_version.created`), signed with an optional secret, ACTIVE or DISABLED.
 */
export type WebhookStatus = 'ACTIVE' | 'DISABLED';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  /** Event names as `entity.action` (MLflow's WebhookEvent string form). */
  events: string[];
  description?: string | undefined;
  status: WebhookStatus;
  /** Kept to sign deliveries; never returned by the APIs. */
  secret?: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookPatch {
  name?: string | undefined;
  url?: string | undefined;
  events?: string[] | undefined;
  description?: string | undefined;
  status?: WebhookStatus | undefined;
  /** An empty string removes the secret. */
  secret?: string | undefined;
}

/** One attempt to deliver one event to one webhook. */
export interface NewWebhookDelivery {
  webhookId: string;
  /** The same for every attempt of one event (receivers deduplicate on it). */
  deliveryId: string;
  event: string;
  /** The JSON body as sent. */
  payload: string;
  attempt: number;
  time: number;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number | undefined;
  /** Why the attempt failed (network, timeout, refused URL), when it did. */
  error?: string | undefined;
  /** When the next attempt is due; absent when this was the last one. */
  nextAttemptAt?: number | undefined;
  /** What the event is about (an alert event's or retraining trigger's id), to find its deliveries. */
  subject?: string | undefined;
}

export interface WebhookDelivery extends NewWebhookDelivery {
  id: number;
}
