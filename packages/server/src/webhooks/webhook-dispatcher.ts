import { createHash, randomUUID } from 'node:crypto';
import type { JobLeaseStore, Webhook, WebhookStore } from '@slipway/core';
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
  /** Where a retry is claimed, so that among servers sharing the store one of them sends it. */
  leases: JobLeaseStore;
  /** This process's name in leases (BackgroundJobs' holder). */
  holder: string;
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
  subject?: string | undefined;
}

/** A retry as its timer holds it: the webhook is read again when it is due. */
interface PlannedRetry {
  webhookId: string;
  id: string;
  event: string;
  body: string;
  subject?: string | undefined;
}

const JOB = 'webhook-delivery';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000, 16_000];
/** A retry's lease outlives its attempt (send, then log), so no other server sends it meanwhile. */
const LEASE_MARGIN_MS = 60_000;

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

  /** `subject`: what the event is about (e.g. an alert event's id), kept on its deliveries. */
  publish(event: string, data: Record<string, unknown>, subject?: string): void {
    const done = this.dispatch(event, data, subject)
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

  /**
   * Re-arms the retries the delivery log says are owed (a timer dies with its server), at the
   * time planned or now if that has passed. Never throws: a server starts without them rather
   * than not at all.
   */
  async resume(): Promise<number> {
    try {
      const owed = await this.options.store.listOwedRetries();
      const now = this.options.clock.now();
      for (const last of owed) {
        const planned = {
          webhookId: last.webhookId,
          id: last.deliveryId,
          event: last.event,
          body: last.payload,
          subject: last.subject,
        };
        this.arm(planned, last.attempt + 1, Math.max(last.nextAttemptAt ?? now, now));
      }
      if (owed.length > 0) {
        this.options.logger.info({ retries: owed.length }, 'resumed webhook retries');
      }
      return owed.length;
    } catch (err) {
      this.options.logger.error({ err, reason: reasonOf(err) }, 'could not resume webhook retries');
      return 0;
    }
  }

  /** Sends the first attempt to every subscribed webhook; later attempts run on timers. */
  async dispatch(event: string, data: Record<string, unknown>, subject?: string): Promise<void> {
    const webhooks = await this.options.store.listActiveFor(event);
    await Promise.all(
      webhooks.map((webhook) =>
        this.attempt({ ...this.delivery(webhook, event, data), subject }, 1),
      ),
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
        subject: delivery.subject,
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
      const { id, event, body, subject } = delivery;
      this.arm({ webhookId: webhook.id, id, event, body, subject }, attempt + 1, nextAttemptAt);
    }
    return { ok: result.ok, statusCode: result.statusCode, body: result.body, error: result.error };
  }

  private arm(planned: PlannedRetry, attempt: number, at: number): void {
    this.options.scheduler.at(JOB, `${planned.id}:${planned.webhookId}`, at, () =>
      this.retry(planned, attempt),
    );
  }

  /**
   * A retry sends to the webhook as it is now: disabled or deleted meanwhile, it stops. Several
   * servers may hold a timer for it (the one that planned it, any started since, which re-armed
   * it from the log), and one-shot timers take no lease of their own: the server that takes the
   * retry's lease and finds it still owed (no attempt as late logged) sends it, and logs it before
   * letting the lease go, so a server that takes the lease after that finds it done.
   */
  private async retry(planned: PlannedRetry, attempt: number): Promise<void> {
    const { store, leases, holder, clock } = this.options;
    const lease = retryLease(planned, attempt);
    if (!(await leases.tryAcquire(lease, holder, clock.now(), this.timeoutMs + LEASE_MARGIN_MS))) {
      return;
    }
    try {
      const current = await store.get(planned.webhookId);
      if (current === undefined || current.status !== 'ACTIVE') return;
      const last = await store.latestDelivery(planned.webhookId, planned.id);
      if (last !== undefined && last.attempt >= attempt) return;
      const { id, event, body, subject } = planned;
      await this.attempt({ webhook: current, id, event, body, subject }, attempt);
    } finally {
      await leases.release(lease, holder);
    }
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

/** Hashed: ids of up to 64 characters each would not fit job_leases' 128. */
function retryLease(planned: PlannedRetry, attempt: number): string {
  const digest = createHash('sha256')
    .update(`${planned.webhookId}\n${planned.id}\n${attempt}`)
    .digest('base64url');
  return `webhook-retry:${digest}`;
}
