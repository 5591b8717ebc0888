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
  /**
   * Every attempt of the deliveries about these subjects (see NewWebhookDelivery.subject), oldest
   * first, with the name of the webhook each went to.
   */
  deliveriesAbout(
    subjects: readonly string[],
  ): Promise<Array<WebhookDelivery & { webhookName: string }>>;
  /** Newest first. */
  listDeliveries(webhookId: string, window: SearchWindow): Promise<Page<WebhookDelivery>>;
  /** The last attempt logged for one delivery to one webhook; undefined when none is. */
  latestDelivery(webhookId: string, deliveryId: string): Promise<WebhookDelivery | undefined>;
  /**
   * The deliveries still owed a retry: the last attempt of each (delivery, webhook) when it
   * planned one (`nextAttemptAt`) and the webhook is ACTIVE; soonest due first. A server that
   * starts re-arms them, since the timers of the server that planned them died with it.
   */
  listOwedRetries(): Promise<WebhookDelivery[]>;
}
