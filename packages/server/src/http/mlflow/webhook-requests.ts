import { z } from 'zod';
import { WEBHOOK_ACTION_NAMES, WEBHOOK_ENTITY_NAMES } from '../../webhooks/webhook-events.js';
import { fields } from './mlflow-fields.js';

/** Request messages of MLflow's webhooks.proto. */

const WEBHOOK_STATUSES = ['ACTIVE', 'DISABLED'] as const;

const webhookEvent = z.object(
  {
    entity: fields.enumOf(WEBHOOK_ENTITY_NAMES),
    action: fields.enumOf(WEBHOOK_ACTION_NAMES),
  },
  { error: 'expected an object' },
);

export const createWebhookRequest = z.object({
  name: fields.requiredString(),
  description: fields.string(),
  url: fields.requiredString(),
  events: fields.requiredList(webhookEvent),
  secret: fields.string(),
  status: fields.enumOf(WEBHOOK_STATUSES),
});

export const listWebhooksRequest = z.object({
  max_results: fields.int64(),
  page_token: fields.string(),
});

export const updateWebhookRequest = z.object({
  name: fields.string(),
  description: fields.string(),
  url: fields.string(),
  events: fields.list(webhookEvent),
  secret: fields.string(),
  status: fields.enumOf(WEBHOOK_STATUSES),
});

export const testWebhookRequest = z.object({
  event: webhookEvent.optional(),
});
