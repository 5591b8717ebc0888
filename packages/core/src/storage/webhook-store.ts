import type { Page } from '../domain/common.js';
import type {
  NewWebhookDelivery,
  Webhook,
  WebhookDelivery,
  WebhookPatch,
} from '../webhooks/webhook.js';
import type { SearchWindow } from './queries.js';

/** Webhooks and their delivery log (one row per attempt). */
export interface WebhookStore {
  create(webhook: Webhook): Promise<Webhook>;
  get(id: string): Promise<Webhook | undefined>;
  /** Oldest first. */
  list(window: SearchWindow): Promise<Page<Webhook>>;
  /** The ACTIVE webhooks subscribed to `event`. */
  listActiveFor(event: string): Promise<Webhook[]>;
  /** Undefined when there is no such webhook. */
  update(id: string, patch: WebhookPatch, time: number): Promise<Webhook | undefined>;
  /** Deletes the webhook and its delivery log; false when there was none. */
  delete(id: string): Promise<boolean>;
  appendDelivery(delivery: NewWebhookDelivery): Promise<WebhookDelivery>;
  /** Newest first. */
  listDeliveries(webhookId: string, window: SearchWindow): Promise<Page<WebhookDelivery>>;
}
