import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { MonitoringServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** Alert states and events of monitors, and retraining triggers for pipelines. */
export function monitorAlertRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { alerts }: Pick<MonitoringServices, 'alerts'>,
): void {
  bindRoute(app, o, r.listMonitorAlerts, async ({ params, caller }) => ({
    alerts: await alerts.states(caller, params.name),
  }));
  bindRoute(app, o, r.listMonitorAlertEvents, async ({ params, query, caller }) => ({
    events: await alerts.events(caller, params.name, query),
  }));
  bindRoute(app, o, r.listRetrainingTriggers, async ({ query, caller }) => ({
    triggers: await alerts.triggers(caller, query),
  }));
  bindRoute(app, o, r.claimRetrainingTrigger, async ({ params, caller }) => ({
    trigger: await alerts.claim(caller, params.id),
  }));
}
