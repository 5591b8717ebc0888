import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { PipelineServices } from '../http-services.js';
import { binaryContext, bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** Pipeline runs, their steps' transitions, outputs, cache lookups and logs. */
export async function pipelineRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { pipelines, pipelineSteps, pipelineFiles }: PipelineServices,
): Promise<void> {
  await binaryContext(app, (raw) => {
    bindRoute(raw, o, r.uploadPipelineOutput, async ({ params, query, body, caller }) =>
      pipelineFiles.uploadOutput(
        caller,
        params.runId,
        params.stepKey,
        params.path,
        body,
        query.digest,
      ),
    );
  });
  bindRoute(app, o, r.createPipelineRun, async ({ body, caller }) => ({
    run: await pipelines.createRun(caller, body),
  }));
  bindRoute(app, o, r.listPipelines, async ({ query, caller }) =>
    pipelines.listPipelines(caller, query),
  );
  bindRoute(app, o, r.listPipelineRuns, async ({ query, caller }) =>
    pipelines.listRuns(caller, query),
  );
  bindRoute(app, o, r.getPipelineRun, async ({ params, caller }) => ({
    run: await pipelines.getRun(caller, params.runId),
  }));
  bindRoute(app, o, r.getPipelineStep, async ({ params, caller }) =>
    pipelines.getStep(caller, params.runId, params.stepKey),
  );
  bindRoute(app, o, r.listPipelineSteps, async ({ params, query, caller }) =>
    pipelines.getSteps(caller, params.runId, query.key),
  );
  bindRoute(app, o, r.cancelPipelineRun, async ({ params, caller }) => ({
    run: await pipelines.cancelRun(caller, params.runId),
  }));
  bindRoute(app, o, r.queuePipelineStep, async ({ params, caller }) => ({
    step: await pipelineSteps.queue(caller, params.runId, params.stepKey),
  }));
  bindRoute(app, o, r.startPipelineStep, async ({ params, body, caller }) => ({
    step: await pipelineSteps.start(caller, params.runId, params.stepKey, body),
  }));
  bindRoute(app, o, r.heartbeatPipelineStep, async ({ params, body, caller }) =>
    pipelineSteps.heartbeat(caller, params.runId, params.stepKey, body.worker),
  );
  bindRoute(app, o, r.retryPipelineStep, async ({ params, body, caller }) => ({
    step: await pipelineSteps.retry(caller, params.runId, params.stepKey, body),
  }));
  bindRoute(app, o, r.finishPipelineStep, async ({ params, body, caller }) =>
    pipelineSteps.finish(caller, params.runId, params.stepKey, body),
  );
  bindRoute(app, o, r.downloadPipelineOutput, async ({ params, caller }) =>
    pipelineFiles.downloadOutput(caller, params.runId, params.stepKey, params.path),
  );
  bindRoute(app, o, r.findPipelineCache, async ({ params, query, caller }) =>
    pipelines.findCached(caller, params.cacheKey, query.ttlSeconds),
  );
  bindRoute(app, o, r.appendPipelineStepLogs, async ({ params, body, caller }) =>
    pipelineFiles.appendLogs(caller, params.runId, params.stepKey, body.entries),
  );
  bindRoute(app, o, r.readPipelineStepLogs, async ({ params, query, caller }) =>
    pipelineFiles.readLogs(caller, params.runId, params.stepKey, query),
  );
}
