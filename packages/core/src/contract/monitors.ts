import { z } from 'zod';
import { monitorSpecSchema } from '../monitors/monitor-spec.js';
import { timestampSchema } from './common.js';
import { monitorRunResultSchema } from './monitor-results.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

/**
 * The monitor spec as the API takes it: JSON, or YAML with `Content-Type: application/yaml`. The
 * server validates it with parseMonitorSpec, which names every problem by field path.
 */
export const monitorSpecBodySchema = monitorSpecSchema.register(contractRegistry, {
  id: 'MonitorSpec',
  description:
    "A monitor of a deployment's traffic: a reference, a window, an optional schedule, and drift, validation and performance options. Also accepted as YAML (Content-Type: application/yaml).",
});

export const monitorSchema = z
  .object({
    name: z.string(),
    deployment: z.string(),
    spec: monitorSpecSchema.describe('The spec as stored: defaults filled in, durations in ms.'),
    createdBy: z.string(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(contractRegistry, { id: 'Monitor' });

const applyMonitorResponseSchema = z
  .object({ monitor: monitorSchema, created: z.boolean() })
  .register(contractRegistry, { id: 'ApplyMonitorResponse' });

const monitorResponseSchema = z
  .object({ monitor: monitorSchema })
  .register(contractRegistry, { id: 'MonitorResponse' });

const listMonitorsResponseSchema = z
  .object({ monitors: z.array(monitorSchema) })
  .register(contractRegistry, { id: 'ListMonitorsResponse' });

const monitorHistoryResponseSchema = z
  .object({ runs: z.array(monitorRunResultSchema).describe('Newest first.') })
  .register(contractRegistry, { id: 'MonitorHistoryResponse' });

const nameParams = z.object({ name: z.string().min(1) });
const timeQuery = z.coerce.number().int().describe('Milliseconds since the Unix epoch.');
const GROUP = 'monitors';

export const monitorRoutes = {
  applyMonitor: defineRoute({
    operationId: 'applyMonitor',
    method: 'POST',
    path: '/api/v1/monitors',
    group: GROUP,
    summary: 'Create or replace a monitor from its spec (JSON or YAML)',
    description:
      'Needs EDIT on the deployment, which must exist. A scheduled monitor starts running at once on one of the servers.',
    body: monitorSpecBodySchema,
    status: 200,
    response: applyMonitorResponseSchema,
  }),
  putMonitor: defineRoute({
    operationId: 'putMonitor',
    method: 'PUT',
    path: '/api/v1/monitors/{name}',
    group: GROUP,
    summary: 'Create or replace the named monitor from its spec (JSON or YAML)',
    description: "The spec's `name` may be left out; when given it must match the path.",
    params: nameParams,
    body: monitorSpecBodySchema,
    status: 200,
    response: applyMonitorResponseSchema,
  }),
  listMonitors: defineRoute({
    operationId: 'listMonitors',
    method: 'GET',
    path: '/api/v1/monitors',
    group: GROUP,
    summary: 'List the monitors of the deployments you may read',
    query: z.object({
      deployment: z.string().min(1).optional().describe('Only the monitors of this deployment.'),
    }),
    status: 200,
    response: listMonitorsResponseSchema,
  }),
  getMonitor: defineRoute({
    operationId: 'getMonitor',
    method: 'GET',
    path: '/api/v1/monitors/{name}',
    group: GROUP,
    summary: 'Get a monitor',
    params: nameParams,
    status: 200,
    response: monitorResponseSchema,
  }),
  deleteMonitor: defineRoute({
    operationId: 'deleteMonitor',
    method: 'DELETE',
    path: '/api/v1/monitors/{name}',
    group: GROUP,
    summary: 'Delete a monitor, its schedule and its stored results',
    params: nameParams,
    status: 204,
  }),
  runMonitor: defineRoute({
    operationId: 'runMonitor',
    method: 'POST',
    path: '/api/v1/monitors/{name}/run',
    group: GROUP,
    summary: 'Run a monitor now and store its result',
    description:
      'Needs EDIT on the deployment: a run reads the window of predictions and writes a result. A run that fails as a whole answers 200 with `error` set (and is stored).',
    params: nameParams,
    status: 200,
    response: monitorRunResultSchema,
  }),
  getMonitorHistory: defineRoute({
    operationId: 'getMonitorHistory',
    method: 'GET',
    path: '/api/v1/monitors/{name}/history',
    group: GROUP,
    summary: "A monitor's stored runs, newest first",
    description:
      'Scheduled and manual runs alike. With `version`, only runs that judged that model version, each with that version only. Page back with `to` = the oldest time returned - 1.',
    params: nameParams,
    query: z.object({
      from: timeQuery.optional().describe('Inclusive lower bound on the run time.'),
      to: timeQuery.optional().describe('Inclusive upper bound on the run time.'),
      version: z.string().min(1).optional(),
      maxResults: z.coerce
        .number()
        .int()
        .positive()
        .max(1000)
        .optional()
        .describe('Runs to return (default 100, at most 1000).'),
    }),
    status: 200,
    response: monitorHistoryResponseSchema,
  }),
  getMonitorRunReport: defineRoute({
    operationId: 'getMonitorRunReport',
    method: 'GET',
    path: '/api/v1/monitors/{name}/runs/{runId}/report',
    group: GROUP,
    summary: 'One stored run as a self-contained HTML report (text/html)',
    description:
      "Answers `text/html`: one file with its chart library inlined, so it opens offline. Per version (all traffic first): the drift table sorted by score with each column's reference and current distributions drawn, the failed expectations, performance with ground-truth coverage, and serving figures; and the run's window, trigger and error. Needs READ on the deployment. Run ids are in the history (`id`).",
    params: z.object({
      name: z.string().min(1),
      runId: z.string().min(1).describe('The run id, as the history and a run return it.'),
    }),
    status: 200,
    response: 'binary',
  }),
};

export type MonitorView = z.output<typeof monitorSchema>;
