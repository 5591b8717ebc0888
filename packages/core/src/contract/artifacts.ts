import { z } from 'zod';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const artifactFileInfoSchema = z
  .object({
    path: z.string().describe("Relative to the run's artifact root, '/'-separated."),
    isDir: z.boolean(),
    fileSize: z.number().int().optional().describe('Bytes; absent for directories.'),
  })
  .register(contractRegistry, { id: 'ArtifactFileInfo' });

export const listArtifactsResponseSchema = z
  .object({ files: z.array(artifactFileInfoSchema) })
  .register(contractRegistry, { id: 'ListArtifactsResponse' });

const artifactParams = z.object({
  runId: z.string().min(1),
  path: z.string().describe("Artifact path below the run's root; slashes allowed."),
});

const GROUP = 'artifacts';

export const artifactRoutes = {
  uploadRunArtifact: defineRoute({
    operationId: 'uploadRunArtifact',
    method: 'PUT',
    path: '/api/v1/runs/{runId}/artifacts/{path*}',
    group: GROUP,
    summary: 'Upload one artifact file (raw body, streamed)',
    description: 'Replaces any file at the same path. The body is stored as sent.',
    params: artifactParams,
    body: 'binary',
    status: 204,
  }),
  downloadRunArtifact: defineRoute({
    operationId: 'downloadRunArtifact',
    method: 'GET',
    path: '/api/v1/runs/{runId}/artifacts/{path*}',
    group: GROUP,
    summary: 'Download one artifact file',
    params: artifactParams,
    status: 200,
    response: 'binary',
  }),
  listRunArtifacts: defineRoute({
    operationId: 'listRunArtifacts',
    method: 'GET',
    path: '/api/v1/runs/{runId}/artifacts',
    group: GROUP,
    summary: 'List the immediate children of an artifact directory',
    params: z.object({ runId: z.string().min(1) }),
    query: z.object({
      path: z.string().optional().describe("Directory to list; the run's root when absent."),
    }),
    status: 200,
    response: listArtifactsResponseSchema,
  }),
};
