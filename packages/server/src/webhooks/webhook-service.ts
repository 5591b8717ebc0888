import { invalidArgument, notFound } from '@slipway/core';
import type {
  Caller,
  Webhook,
  WebhookDelivery,
  WebhookPatch,
  WebhookStatus,
  WebhookStore,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import type { ServiceClock } from '../support/clock.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';
import { examplePayload } from './webhook-events.js';
import { newWebhookId } from './webhook-id.js';
import { checkWebhookUrl } from './webhook-url.js';
import type { WebhookUrlPolicy } from './webhook-url.js';

export interface NewWebhookRequest {
  name: string;
  url: string;
  /** Checked event names (`entity.action`). */
  events: string[];
  description?: string | undefined;
  secret?: string | undefined;
  status?: WebhookStatus | undefined;
}

export interface WebhookTestResult {
  success: boolean;
  responseStatus?: number | undefined;
  responseBody?: string | undefined;
  errorMessage?: string | undefined;
}

const MAX_NAME = 256;

/** Managing webhooks; admins only, as MLflow's basic-auth app allows them to admins alone. */
export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
    private readonly urlPolicy: WebhookUrlPolicy,
  ) {}

  async create(caller: Caller, request: NewWebhookRequest): Promise<Webhook> {
    this.access.requireAdmin(caller, 'manage webhooks');
    const now = this.clock.now();
    return this.store.create({
      id: newWebhookId(now),
      name: checkName(request.name),
      url: checkWebhookUrl(request.url, this.urlPolicy),
      events: checkEvents(request.events),
      description: request.description || undefined,
      secret: request.secret || undefined,
      status: request.status ?? 'ACTIVE',
      createdAt: now,
      updatedAt: now,
    });
  }

  async get(caller: Caller, id: string): Promise<Webhook> {
    this.access.requireAdmin(caller, 'manage webhooks');
    return this.find(id);
  }

  async list(
    caller: Caller,
    request: PageRequest,
  ): Promise<{ webhooks: Webhook[]; nextPageToken?: string | undefined }> {
    this.access.requireAdmin(caller, 'manage webhooks');
    const window = resolveWindow(request, 'webhooks', { default: 100, max: 1000 });
    const page = await this.store.list(window);
    return { webhooks: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  async update(caller: Caller, id: string, patch: WebhookPatch): Promise<Webhook> {
    this.access.requireAdmin(caller, 'manage webhooks');
    const checked: WebhookPatch = { ...patch };
    if (patch.name !== undefined) checked.name = checkName(patch.name);
    if (patch.url !== undefined) checked.url = checkWebhookUrl(patch.url, this.urlPolicy);
    if (patch.events !== undefined) {
      // A repeated field left out arrives empty: unchanged, as in MLflow.
      checked.events = patch.events.length === 0 ? undefined : checkEvents(patch.events);
    }
    const updated = await this.store.update(id, checked, this.clock.now());
    if (updated === undefined) throw webhookNotFound(id);
    return updated;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    this.access.requireAdmin(caller, 'manage webhooks');
    if (!(await this.store.delete(id))) throw webhookNotFound(id);
  }

  /** Sends MLflow's example payload of `event` (default: the webhook's first) once. */
  async test(caller: Caller, id: string, event?: string): Promise<WebhookTestResult> {
    this.access.requireAdmin(caller, 'manage webhooks');
    const webhook = await this.find(id);
    const chosen = event ?? webhook.events[0];
    if (chosen === undefined) throw invalidArgument('The webhook has no events to test.');
    const result = await this.dispatcher.test(webhook, chosen, examplePayload(chosen));
    const status = result.statusCode;
    return {
      success: status !== undefined && status < 400,
      responseStatus: status,
      responseBody: result.body,
      errorMessage:
        result.error === undefined ? undefined : `Failed to test webhook: ${result.error}`,
    };
  }

  async deliveries(
    caller: Caller,
    id: string,
    request: PageRequest,
  ): Promise<{ deliveries: WebhookDelivery[]; nextPageToken?: string | undefined }> {
    this.access.requireAdmin(caller, 'read webhook deliveries');
    await this.find(id);
    const window = resolveWindow(request, { deliveries: id }, { default: 100, max: 1000 });
    const page = await this.store.listDeliveries(id, window);
    return {
      deliveries: page.items,
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  private async find(id: string): Promise<Webhook> {
    const webhook = await this.store.get(id);
    if (webhook === undefined) throw webhookNotFound(id);
    return webhook;
  }
}

function webhookNotFound(id: string) {
  return notFound(`Webhook with ID ${id} not found.`);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalidArgument('Webhook name cannot be empty.');
  if (trimmed.length > MAX_NAME) {
    throw invalidArgument(`Webhook name is ${trimmed.length} characters; at most ${MAX_NAME}.`);
  }
  return trimmed;
}

function checkEvents(events: string[]): string[] {
  if (events.length === 0) throw invalidArgument('Webhook events cannot be empty.');
  return [...new Set(events)];
}
