import { randomUUID } from 'node:crypto';
import type { Webhook, WebhookStore } from '@slipway/core';
import type { Logger } from '../logging/logger.js';
import { reasonOf } from '../logging/logger.js';
import type { ServiceClock } from '../support/clock.js';
import type { WebhookSender } from './webhook-sender.js';
import { mlflowSignature, standardSignature } from './webhook-signature.js';

/** What the dispatcher needs of BackgroundJobs: keyed one-shot timers. */
export interface RetryScheduler {
  at(job: string, key: string, at: number, run: () => Promise<void>): void;
}

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  send: WebhookSender;
  scheduler: RetryScheduler;
  logger: Logger;
  clock: ServiceClock;
  timeoutMs?: number | undefined;
  /** Waits before each retry (default 1 s, 4 s, 16 s: four attempts in all). */
  retryDelaysMs?: readonly number[] | undefined;
}

export interface AttemptResult {
  statusCode?: number | undefined;
  body?: string | undefined;
  error?: string | undefined;
  ok: boolean;
}

interface Delivery {
  webhook: Webhook;
  id: string;
  event: string;
  body: string;
}

const JOB = 'webhook-delivery';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000, 16_000];

/**
 * Delivers events to the ACTIVE webhooks subscribed to them: MLflow's body and signature headers
 * plus Standard Webhooks' headers, retries with backoff on network errors, timeouts, 408, 429 and
 * 5xx, and a delivery log row per attempt. `publish` returns at once and never throws: the change
 * that raised the event is already committed and must not fail for a receiver.
 */
export class WebhookDispatcher {
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  publish(event: string, data: Record<string, unknown>): void {
    const done = this.dispatch(event, data)
      .catch((err: unknown) =>
        this.options.logger.error({ err, event, reason: reasonOf(err) }, 'webhook dispatch failed'),
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Waits for first attempts under way (retries are BackgroundJobs' timers, stopped with it). */
  async close(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Sends the first attempt to every subscribed webhook; later attempts run on timers. */
  async dispatch(event: string, data: Record<string, unknown>): Promise<void> {
    const webhooks = await this.options.store.listActiveFor(event);
    await Promise.all(
      webhooks.map((webhook) => this.attempt(this.delivery(webhook, event, data), 1)),
    );
  }

  /** One attempt, no retries (MLflow's test endpoint), logged as the others. */
  async test(webhook: Webhook, event: string, data: Record<string, unknown>) {
    return this.attempt(this.delivery(webhook, event, data), 1, false);
  }

  private delivery(webhook: Webhook, event: string, data: Record<string, unknown>): Delivery {
    const [entity = '', action = ''] = event.split('.');
    const timestamp = new Date(this.options.clock.now()).toISOString();
    const body = JSON.stringify({ entity, action, timestamp, data });
    return { webhook, id: randomUUID(), event, body };
  }

  private async attempt(delivery: Delivery, attempt: number, retry = true): Promise<AttemptResult> {
    const { webhook } = delivery;
    const result = await this.send(delivery);
    const delay =
      retry && !result.ok && result.retryable ? this.retryDelaysMs[attempt - 1] : undefined;
    const now = this.options.clock.now();
    const nextAttemptAt = delay === undefined ? undefined : now + delay;
    try {
      await this.options.store.appendDelivery({
        webhookId: webhook.id,
        deliveryId: delivery.id,
        event: delivery.event,
        payload: delivery.body,
        attempt,
        time: now,
        statusCode: result.statusCode,
        error: result.error,
        nextAttemptAt,
      });
    } catch (err) {
      this.options.logger.error({ err, webhook: webhook.id }, 'could not log a webhook delivery');
    }
    if (!result.ok) {
      this.options.logger.warn(
        { webhook: webhook.id, event: delivery.event, attempt, status: result.statusCode },
        `webhook delivery failed: ${result.error ?? `HTTP ${result.statusCode}`}`,
      );
    }
    if (nextAttemptAt !== undefined) {
      this.options.scheduler.at(JOB, `${delivery.id}:${webhook.id}`, nextAttemptAt, async () => {
        await this.retry(delivery, attempt + 1);
      });
    }
    return { ok: result.ok, statusCode: result.statusCode, body: result.body, error: result.error };
  }

  /** A retry sends to the webhook as it is now: disabled or deleted meanwhile, it stops. */
  private async retry(delivery: Delivery, attempt: number): Promise<void> {
    const current = await this.options.store.get(delivery.webhook.id);
    if (current === undefined || current.status !== 'ACTIVE') return;
    await this.attempt({ ...delivery, webhook: current }, attempt);
  }

  private async send(delivery: Delivery) {
    const { webhook, id, body } = delivery;
    const timestamp = String(Math.floor(this.options.clock.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-mlflow-delivery-id': id,
      'x-mlflow-timestamp': timestamp,
      'webhook-id': id,
      'webhook-timestamp': timestamp,
    };
    if (webhook.secret) {
      headers['x-mlflow-signature'] = mlflowSignature(webhook.secret, id, timestamp, body);
      headers['webhook-signature'] = standardSignature(webhook.secret, id, timestamp, body);
    }
    try {
      const res = await this.options.send(webhook.url, headers, body, this.timeoutMs);
      const ok = res.status >= 200 && res.status < 300;
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      return { ok, retryable, statusCode: res.status, body: res.body, error: undefined };
    } catch (err) {
      const error = reasonOf(err);
      return { ok: false, retryable: true, statusCode: undefined, body: undefined, error };
    }
  }
}
