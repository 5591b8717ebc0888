import { SlipwayError, nativeRoutes as r } from '@slipway/core';
import type { RouteResponse } from '@slipway/core';
import type { MlflowTransport } from './mlflow-transport.js';
import type { Transport } from './transport.js';

export type WebhookStatus = 'ACTIVE' | 'DISABLED';

/** An event as MLflow's API spells it on the wire, e.g. `{ entity: 'MODEL_VERSION', action: 'CREATED' }`. */
export interface WebhookWireEvent {
  entity: string;
  action: string;
}

/**
 * An event a webhook subscribes to: `entity.action` as MLflow names them (`registered_model.created`,
 * `model_version.created`, `model_version_tag.set`, `model_version_tag.deleted`,
 * `model_version_alias.created`, `model_version_alias.deleted`, and MLflow's prompt events), or
 * the wire form.
 */
export type WebhookEventInput = string | WebhookWireEvent;

/** A webhook as the server shows it; the secret is never returned. */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  /** `entity.action`, e.g. `model_version.created`. */
  events: string[];
  description?: string | undefined;
  status: WebhookStatus;
  /** Ms since the Unix epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface CreateWebhookOptions {
  name: string;
  /** Where deliveries are POSTed (http or https). */
  url: string;
  events: WebhookEventInput[];
  description?: string | undefined;
  /** Signs every delivery (HMAC-SHA256 in `X-MLflow-Signature` and `webhook-signature`). */
  secret?: string | undefined;
  /** Default ACTIVE; a DISABLED webhook receives nothing. */
  status?: WebhookStatus | undefined;
}

/** The fields to change; the others stay as they are. */
export interface UpdateWebhookOptions {
  name?: string | undefined;
  url?: string | undefined;
  /** Replaces the events (an empty list changes nothing, as in MLflow). */
  events?: WebhookEventInput[] | undefined;
  /** An empty string removes the description. */
  description?: string | undefined;
  /** An empty string removes the secret. */
  secret?: string | undefined;
  status?: WebhookStatus | undefined;
}

/** What the receiver made of one test delivery. */
export interface WebhookTestResult {
  /** The receiver answered with a status below 400. */
  success: boolean;
  /** The receiver's HTTP status, when it answered. */
  responseStatus?: number | undefined;
  responseBody?: string | undefined;
  /** Why no answer came (refused, timed out, URL not allowed). */
  errorMessage?: string | undefined;
}

/** One attempt to deliver one event, from the server's delivery log. */
export type WebhookDelivery = RouteResponse<typeof r.listWebhookDeliveries>['deliveries'][number];

export interface WebhookDeliveryPage {
  deliveries: WebhookDelivery[];
  /** Pass back as `pageToken` for the next page; absent on the last one. */
  nextPageToken?: string | undefined;
}

/** The server's largest page of webhooks. */
const LIST_PAGE = 1000;

/**
 * Webhooks: registry events (a model version created, an alias moved, ...) POSTed to a URL,
 * signed, retried with backoff, every attempt logged. Managed through MLflow 3's webhooks API, so
 * the same webhooks are seen by MLflow's clients. Admins only.
 *
 * @example
 * ```ts
 * const hook = await client.webhooks.create({
 *   name: 'ci',
 *   url: 'https://ci.example.com/slipway',
 *   events: ['model_version.created', 'model_version_alias.created'],
 *   secret: process.env.WEBHOOK_SECRET,
 * });
 * const result = await client.webhooks.test(hook.id);
 * console.log(result.responseStatus, result.responseBody);
 * ```
 */
export class WebhooksApi {
  constructor(
    private readonly transport: Transport,
    private readonly mlflow: MlflowTransport,
  ) {}

  /**
   * Creates a webhook. A bad event name or URL fails with INVALID_ARGUMENT and the server's
   * message.
   *
   * @example
   * ```ts
   * const hook = await client.webhooks.create({
   *   name: 'registry-to-slack',
   *   url: 'https://hooks.example.com/registry',
   *   events: ['registered_model.created', { entity: 'MODEL_VERSION', action: 'CREATED' }],
   * });
   * ```
   */
  async create(options: CreateWebhookOptions): Promise<Webhook> {
    const json = await this.mlflow.call('POST', '/webhooks', {
      body: { ...options, events: options.events.map(eventToWire) },
    });
    return webhookFromWire(json.webhook);
  }

  /**
   * Every webhook, oldest first.
   *
   * @example
   * ```ts
   * for (const w of await client.webhooks.list()) console.log(w.name, w.status, w.events);
   * ```
   */
  async list(): Promise<Webhook[]> {
    const webhooks: Webhook[] = [];
    let pageToken: string | undefined;
    do {
      const json = await this.mlflow.call('GET', '/webhooks', {
        query: { max_results: LIST_PAGE, page_token: pageToken },
      });
      webhooks.push(...arrayOf(json.webhooks, 'webhooks').map(webhookFromWire));
      pageToken = optionalString(json.next_page_token) || undefined;
    } while (pageToken !== undefined);
    return webhooks;
  }

  /**
   * One webhook; NOT_FOUND if there is none with this id.
   *
   * @example
   * ```ts
   * const { url, events } = await client.webhooks.get(id);
   * ```
   */
  async get(id: string): Promise<Webhook> {
    return webhookFromWire((await this.mlflow.call('GET', webhookPath(id))).webhook);
  }

  /**
   * Changes the fields given and returns the webhook as it now is.
   *
   * @example
   * ```ts
   * await client.webhooks.update(id, { status: 'DISABLED' });
   * await client.webhooks.update(id, { secret: '' }); // no more signatures
   * ```
   */
  async update(id: string, patch: UpdateWebhookOptions): Promise<Webhook> {
    const body: Record<string, unknown> = { ...patch };
    if (patch.events !== undefined) body.events = patch.events.map(eventToWire);
    return webhookFromWire((await this.mlflow.call('PATCH', webhookPath(id), { body })).webhook);
  }

  /**
   * Deletes a webhook and its delivery log. Retries still planned for it stop.
   *
   * @example
   * ```ts
   * await client.webhooks.delete(id);
   * ```
   */
  async delete(id: string): Promise<void> {
    await this.mlflow.call('DELETE', webhookPath(id));
  }

  /**
   * Sends MLflow's example payload of `event` (default: the webhook's first event) once, signed
   * as real deliveries are, and waits for the receiver's answer. A receiver that fails is a
   * result (`success: false`), not an error.
   *
   * @example
   * ```ts
   * const { success, responseStatus } = await client.webhooks.test(id, {
   *   event: 'model_version_alias.created',
   * });
   * ```
   */
  async test(
    id: string,
    options: { event?: WebhookEventInput | undefined } = {},
  ): Promise<WebhookTestResult> {
    const event = options.event === undefined ? undefined : eventToWire(options.event);
    const json = await this.mlflow.call('POST', `${webhookPath(id)}/test`, { body: { event } });
    const result = objectOf(json.result, 'result');
    return {
      success: result.success === true,
      responseStatus: optionalNumber(result.response_status),
      responseBody: optionalString(result.response_body),
      errorMessage: optionalString(result.error_message),
    };
  }

  /**
   * The delivery log, newest first: one entry per attempt with the receiver's status or the
   * error, and when the retry is due if one is planned.
   *
   * @example
   * ```ts
   * const { deliveries } = await client.webhooks.deliveries(id, { maxResults: 20 });
   * for (const d of deliveries) console.log(d.event, d.attempt, d.statusCode ?? d.error);
   * ```
   */
  async deliveries(
    id: string,
    options: { maxResults?: number | undefined; pageToken?: string | undefined } = {},
  ): Promise<WebhookDeliveryPage> {
    return this.transport.call(r.listWebhookDeliveries, {
      params: { webhookId: id },
      query: { maxResults: options.maxResults, pageToken: options.pageToken },
    });
  }
}

function webhookPath(id: string): string {
  return `/webhooks/${encodeURIComponent(id)}`;
}

/** `model_version.created` -> `{ entity: 'MODEL_VERSION', action: 'CREATED' }`; the server checks it. */
function eventToWire(event: WebhookEventInput): WebhookWireEvent {
  if (typeof event !== 'string') return { entity: event.entity, action: event.action };
  const [entity = '', action = '', ...rest] = event.split('.');
  if (entity === '' || action === '' || rest.length > 0) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid webhook event '${event}': expected entity.action, e.g. model_version.created.`,
    });
  }
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

function eventFromWire(event: unknown): string {
  const { entity, action } = objectOf(event, 'events[]');
  return `${String(entity).toLowerCase()}.${String(action).toLowerCase()}`;
}

function webhookFromWire(value: unknown): Webhook {
  const w = objectOf(value, 'webhook');
  const webhook: Webhook = {
    id: stringOf(w.webhook_id, 'webhook_id'),
    name: stringOf(w.name, 'name'),
    url: stringOf(w.url, 'url'),
    events: arrayOf(w.events, 'events').map(eventFromWire),
    status: stringOf(w.status, 'status') as WebhookStatus,
    // int64 fields may come as decimal strings from other MLflow servers.
    createdAt: Number(w.creation_timestamp ?? 0),
    updatedAt: Number(w.last_updated_timestamp ?? 0),
  };
  const description = optionalString(w.description);
  if (description !== undefined) webhook.description = description;
  return webhook;
}

function unexpected(field: string): SlipwayError {
  return new SlipwayError({
    code: 'INTERNAL',
    message: `Unexpected response from the webhooks API: '${field}' is missing or malformed. Is the server a compatible Slipway version?`,
  });
}

function objectOf(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unexpected(field);
  return value as Record<string, unknown>;
}

function arrayOf(value: unknown, field: string): unknown[] {
  // proto3 JSON leaves an empty repeated field out.
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw unexpected(field);
  return value;
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== 'string') throw unexpected(field);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value !== '' ? Number(value) : undefined;
}
