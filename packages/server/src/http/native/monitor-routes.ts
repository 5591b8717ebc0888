import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import { REPORT_CONTENT_SECURITY_POLICY } from '../../monitoring/report/report-page.js';
import type { MonitoringServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';
import { acceptYamlBodies, namedSpec, requireSpecBody } from './yaml-body.js';

/**
 * Monitors under /api/v1/monitors. The spec is validated by parseMonitorSpec in the service (it
 * names every problem by field path), so the apply routes take the body as sent.
 */
export async function monitorRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { monitors }: Pick<MonitoringServices, 'monitors'>,
): Promise<void> {
  await app.register(async (specs) => {
    acceptYamlBodies(specs);
    bindRoute(specs, o, { ...r.applyMonitor, body: undefined }, async ({ request, caller }) =>
      monitors.apply(caller, requireSpecBody(request.body, 'monitor')),
    );
    bindRoute(specs, o, { ...r.putMonitor, body: undefined }, async ({ params, request, caller }) =>
      monitors.apply(
        caller,
        namedSpec(requireSpecBody(request.body, 'monitor'), params.name, 'monitor'),
      ),
    );
  });
  bindRoute(app, o, r.listMonitors, async ({ query, caller }) => ({
    monitors: await monitors.list(caller, query.deployment),
  }));
  bindRoute(app, o, r.getMonitor, async ({ params, caller }) => ({
    monitor: await monitors.get(caller, params.name),
  }));
  bindRoute(app, o, r.deleteMonitor, async ({ params, caller }) => {
    await monitors.delete(caller, params.name);
  });
  bindRoute(app, o, r.runMonitor, async ({ params, caller }) => monitors.run(caller, params.name));
  bindRoute(app, o, r.getMonitorHistory, async ({ params, query, caller }) => ({
    runs: await monitors.history(caller, params.name, query),
  }));
  await app.register(async (reports) => {
    // bindRoute answers binary routes as octet-stream; a report is HTML. Set once the handler
    // has succeeded, so an error reply keeps its JSON type.
    reports.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode === 200) {
        reply.header('content-type', 'text/html; charset=utf-8');
        reply.header('content-security-policy', REPORT_CONTENT_SECURITY_POLICY);
      }
      return payload;
    });
    bindRoute(reports, o, r.getMonitorRunReport, async ({ params, caller }) =>
      Readable.from([Buffer.from(await monitors.runReport(caller, params.name, params.runId))]),
    );
  });
}
