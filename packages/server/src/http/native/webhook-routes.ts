import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { WebhookServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function webhookRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { webhooks }: WebhookServices,
): void {
  bindRoute(app, o, r.listWebhookDeliveries, async ({ params, query, caller }) =>
    webhooks.deliveries(caller, params.webhookId, query),
  );
}
