import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { DatasetServices } from '../http-services.js';
import { binaryContext, bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** Versioned datasets; no route changes a version once created. */
export async function datasetRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { datasets }: DatasetServices,
): Promise<void> {
  await binaryContext(app, (raw) => {
    bindRoute(raw, o, r.uploadDatasetFile, async ({ params, body, caller }) =>
      datasets.stageFile(caller, params.name, params.path, body),
    );
  });
  bindRoute(app, o, r.createDatasetVersion, async ({ params, body, caller }) =>
    datasets.createVersion(caller, params.name, body),
  );
  bindRoute(app, o, r.listDatasets, async ({ query, caller }) => datasets.list(caller, query));
  bindRoute(app, o, r.getDataset, async ({ params, caller }) => ({
    dataset: await datasets.get(caller, params.name),
  }));
  bindRoute(app, o, r.listDatasetVersions, async ({ params, query, caller }) =>
    datasets.listVersions(caller, params.name, query),
  );
  bindRoute(app, o, r.getDatasetVersion, async ({ params, caller }) => ({
    version: await datasets.getVersion(caller, params.name, params.version),
  }));
  bindRoute(app, o, r.downloadDatasetFile, async ({ params, caller }) =>
    datasets.downloadFile(caller, params.name, params.version, params.path),
  );
  bindRoute(app, o, r.linkDatasetVersion, async ({ params, body, caller }) => {
    await datasets.linkToRun(caller, params.name, params.version, body.runId);
  });
}
