import type { FastifyInstance } from 'fastify';
import { isPredictionExportFormat, nativeRoutes as r } from '@slipway/core';
import type { GroundTruthBody, PredictionExportFormat } from '@slipway/core';
import type { ServingServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';
import { acceptYamlBodies, namedSpec, requireSpecBody } from './yaml-body.js';

const EXPORT_TYPES: Record<PredictionExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/** A file name safe inside a quoted Content-Disposition value. */
function exportFileName(deployment: string, format: PredictionExportFormat): string {
  return `${deployment.replace(/[^\w.-]/gu, '_')}-predictions.${format}`;
}

function labelsOf(body: GroundTruthBody): { requestId: string; label: unknown }[] {
  if (Array.isArray(body)) return body;
  if ('labels' in body) return body.labels;
  return [body];
}

/**
 * Deployments under /api/v1/deployments. The spec is validated by parseDeploymentSpec in the
 * service (it names every problem by field path), so the apply routes take the body as sent: JSON,
 * or YAML with a YAML content type.
 */
export async function deploymentRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { deployments, predictionLog }: ServingServices,
): Promise<void> {
  await app.register(async (specs) => {
    acceptYamlBodies(specs);
    const requireBody = (body: unknown): unknown => requireSpecBody(body, 'deployment');
    bindRoute(specs, o, { ...r.applyDeployment, body: undefined }, async ({ request, caller }) =>
      deployments.apply(caller, requireBody(request.body)),
    );
    bindRoute(
      specs,
      o,
      { ...r.putDeployment, body: undefined },
      async ({ params, request, caller }) =>
        deployments.apply(caller, namedSpec(requireBody(request.body), params.name, 'deployment')),
    );
  });
  bindRoute(app, o, r.listDeployments, async ({ caller }) => ({
    deployments: await deployments.list(caller),
  }));
  bindRoute(app, o, r.getDeployment, async ({ params, caller }) => ({
    deployment: await deployments.get(caller, params.name),
  }));
  bindRoute(app, o, r.deleteDeployment, async ({ params, caller }) => {
    await deployments.delete(caller, params.name);
  });
  bindRoute(app, o, r.promoteDeployment, async ({ params, caller }) => ({
    deployment: await deployments.promote(caller, params.name),
  }));
  bindRoute(app, o, r.rollbackDeployment, async ({ params, caller }) => ({
    deployment: await deployments.rollback(caller, params.name),
  }));
  bindRoute(app, o, r.postDeploymentFeedback, async ({ params, body, caller }) =>
    deployments.feedback(caller, params.name, body.requestId, body.reward),
  );
  bindRoute(app, o, r.postDeploymentGroundTruth, async ({ params, body, caller }) =>
    deployments.groundTruth(caller, params.name, labelsOf(body)),
  );
  bindRoute(app, o, r.listDeploymentEvents, async ({ params, query, caller }) =>
    deployments.events(caller, params.name, query),
  );
  bindRoute(app, o, r.searchPredictions, async ({ params, query, caller }) =>
    predictionLog.search(caller, params.name, query),
  );
  await app.register(async (exports) => {
    // bindRoute answers binary routes as octet-stream; the real type and a file name are set
    // here, once the handler has succeeded (an error reply keeps its JSON type).
    exports.addHook('onSend', async (request, reply, payload) => {
      const format = (request.query as { format?: unknown }).format;
      if (reply.statusCode === 200 && isPredictionExportFormat(format)) {
        const name = (request.params as { name?: string }).name ?? 'deployment';
        reply.header('content-type', EXPORT_TYPES[format]);
        reply.header(
          'content-disposition',
          `attachment; filename="${exportFileName(name, format)}"`,
        );
      }
      return payload;
    });
    bindRoute(exports, o, r.exportPredictions, async ({ params, query, caller }) =>
      predictionLog.export(caller, params.name, {
        format: query.format,
        from: query.from,
        to: query.to,
        ...(query.version === undefined ? {} : { modelVersion: query.version }),
        ...(query.model === undefined ? {} : { modelName: query.model }),
      }),
    );
  });
}
