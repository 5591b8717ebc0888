import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Webhook } from '@slipway/core';
import { eventFromWire, eventToWire } from '../../webhooks/webhook-events.js';
import type { WireWebhookEvent } from '../../webhooks/webhook-events.js';
import type { WebhookServices } from '../http-services.js';
import { missingParameter } from './mlflow-errors.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { compact } from './tracking-mappers.js';
import type { Json } from './tracking-mappers.js';
import {
  createWebhookRequest,
  listWebhooksRequest,
  testWebhookRequest,
  updateWebhookRequest,
} from './webhook-requests.js';

/** webhooks.proto's Webhook message; the secret is never returned, as in MLflow. */
function webhookToJson(w: Webhook): Json {
  return compact({
    webhook_id: w.id,
    name: w.name,
    description: w.description,
    url: w.url,
    events: w.events.map(eventToWire),
    status: w.status,
    creation_timestamp: w.createdAt,
    last_updated_timestamp: w.updatedAt,
  });
}

/** Proto enums arrive as names or numbers: both read as names by the schema. */
function eventsFromWire(events: { entity?: string | undefined; action?: string | undefined }[]) {
  return events.map((e, i) => {
    if (e.entity === undefined) throw missingParameter(`events[${i}].entity`);
    if (e.action === undefined) throw missingParameter(`events[${i}].action`);
    return eventFromWire(e as WireWebhookEvent);
  });
}

function webhookId(request: FastifyRequest): string {
  return (request.params as { webhook_id: string }).webhook_id;
}

/** /mlflow/webhooks (MLflow 3's webhooks API); admins only. */
export function registerWebhookRoutes(app: FastifyInstance, { webhooks }: WebhookServices): void {
  const base = '/webhooks';

  jsonRoute(app, 'POST', base, async (request, caller) => {
    const body = parseRequest(createWebhookRequest, request);
    const webhook = await webhooks.create(caller, {
      name: body.name,
      url: body.url,
      events: eventsFromWire(body.events),
      description: body.description,
      secret: body.secret,
      status: body.status,
    });
    return { webhook: webhookToJson(webhook) };
  });

  jsonRoute(app, 'GET', base, async (request, caller) => {
    const body = parseRequest(listWebhooksRequest, request);
    const page = await webhooks.list(caller, {
      maxResults: body.max_results,
      pageToken: body.page_token || undefined,
    });
    return {
      webhooks: page.webhooks.map(webhookToJson),
      next_page_token: page.nextPageToken,
    };
  });

  jsonRoute(app, 'GET', `${base}/:webhook_id`, async (request, caller) => ({
    webhook: webhookToJson(await webhooks.get(caller, webhookId(request))),
  }));

  jsonRoute(app, 'PATCH', `${base}/:webhook_id`, async (request, caller) => {
    const body = parseRequest(updateWebhookRequest, request);
    const webhook = await webhooks.update(caller, webhookId(request), {
      name: body.name,
      url: body.url,
      events: eventsFromWire(body.events),
      description: body.description,
      secret: body.secret,
      status: body.status,
    });
    return { webhook: webhookToJson(webhook) };
  });

  jsonRoute(app, 'DELETE', `${base}/:webhook_id`, async (request, caller) => {
    await webhooks.delete(caller, webhookId(request));
    return {};
  });

  jsonRoute(app, 'POST', `${base}/:webhook_id/test`, async (request, caller) => {
    const body = parseRequest(testWebhookRequest, request);
    const event = body.event === undefined ? undefined : eventsFromWire([body.event])[0];
    const result = await webhooks.test(caller, webhookId(request), event);
    return {
      result: compact({
        success: result.success,
        response_status: result.responseStatus,
        response_body: result.responseBody,
        error_message: result.errorMessage,
      }),
    };
  });
}
