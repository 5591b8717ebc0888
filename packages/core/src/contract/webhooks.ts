import { z } from 'zod';
import { pageQueryShape, timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const webhookDeliverySchema = z
  .object({
    id: z.number().int(),
    webhookId: z.string(),
    deliveryId: z
      .string()
      .describe('The same for every attempt of one event (X-MLflow-Delivery-Id, webhook-id).'),
    event: z.string().describe('entity.action, e.g. model_version.created.'),
    payload: z.string().describe('The JSON body as sent.'),
    attempt: z.number().int().min(1),
    time: timestampSchema,
    statusCode: z.number().int().optional().describe("The receiver's HTTP status."),
    error: z.string().optional().describe('Why the attempt failed when no status came back.'),
    nextAttemptAt: timestampSchema.optional().describe('When the retry is due, if there is one.'),
  })
  .register(contractRegistry, { id: 'WebhookDelivery' });

const listWebhookDeliveriesResponseSchema = z
  .object({ deliveries: z.array(webhookDeliverySchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ListWebhookDeliveriesResponse' });

/** Webhooks are managed through MLflow's API (/api/2.0/mlflow/webhooks); their log is here. */
export const webhookRoutes = {
  listWebhookDeliveries: defineRoute({
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: '/api/v1/webhooks/{webhookId}/deliveries',
    group: 'webhooks',
    summary: "A webhook's delivery log, newest first",
    description:
      'One entry per attempt, with the status code or the error and when the retry is due. Admins only.',
    params: z.object({ webhookId: z.string().min(1) }),
    query: z.object({ ...pageQueryShape }),
    status: 200,
    response: listWebhookDeliveriesResponseSchema,
  }),
};
