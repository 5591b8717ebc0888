import { z } from 'zod';
import { MODEL_VERSION_STAGES } from '../domain/model-registry.js';
import type { ModelVersionStage } from '../domain/model-registry.js';
import {
  pageQueryShape,
  setTagBodySchema,
  stringListQuerySchema,
  tagKeyParamSchema,
  tagSchema,
  timestampSchema,
} from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const modelVersionStageSchema = z.enum(
  MODEL_VERSION_STAGES as [ModelVersionStage, ...ModelVersionStage[]],
);

export const modelVersionSchema = z
  .object({
    name: z.string(),
    version: z.string().describe('Decimal, 1-based, increasing per model.'),
    creationTimestamp: timestampSchema,
    lastUpdatedTimestamp: timestampSchema,
    userId: z.string(),
    currentStage: modelVersionStageSchema,
    description: z.string(),
    source: z.string(),
    runId: z.string(),
    runLink: z.string(),
    status: z.enum(['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY']),
    statusMessage: z.string(),
    tags: z.array(tagSchema),
    aliases: z.array(z.string()),
    contentDigest: z
      .string()
      .optional()
      .describe('sha256:<hex> over the files, taken at registration and checked on load.'),
    modelId: z.string().optional().describe('The MLflow 3 logged model it was promoted from.'),
  })
  .register(contractRegistry, { id: 'ModelVersion' });

export const createModelVersionBodySchema = z
  .object({
    source: z
      .string()
      .min(1)
      .describe(
        "Where the files are: 'runs:/<runId>/<path>' for a run artifact, or the 'source' of an upload ('mlflow-artifacts:/models/<name>/<uploadId>').",
      ),
    runId: z.string().optional(),
    runLink: z.string().optional(),
    description: z.string().optional(),
    tags: z.array(tagSchema).optional(),
  })
  .register(contractRegistry, { id: 'CreateModelVersionRequest' });

export const updateModelVersionBodySchema = z
  .object({ description: z.string() })
  .register(contractRegistry, { id: 'UpdateModelVersionRequest' });

export const transitionStageBodySchema = z
  .object({
    stage: z.string().describe('None, Staging, Production or Archived (any case).'),
    archiveExistingVersions: z.boolean().default(false),
  })
  .register(contractRegistry, { id: 'TransitionStageRequest' });

export const setAliasBodySchema = z
  .object({ version: z.string().regex(/^\d+$/u, 'a version number') })
  .register(contractRegistry, { id: 'SetAliasRequest' });

export const modelVersionResponseSchema = z
  .object({ modelVersion: modelVersionSchema })
  .register(contractRegistry, { id: 'ModelVersionResponse' });

export const searchModelVersionsResponseSchema = z
  .object({ modelVersions: z.array(modelVersionSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'SearchModelVersionsResponse' });

export const downloadUriResponseSchema = z
  .object({ artifactUri: z.string() })
  .register(contractRegistry, { id: 'DownloadUriResponse' });

/** Upload ids are chosen by the client (a UUID is ideal) and become one artifact path segment. */
export const uploadIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/u, '8-64 letters, digits, underscores or dashes');

/**
 * Where files uploaded for a new version are stored, and the `source` that names them. The model
 * name is one path segment (percent-encoded), so `a/b` and `a` never share a folder.
 */
export function modelUploadLocation(
  name: string,
  uploadId: string,
): { storagePath: string; source: string } {
  const storagePath = `models/${encodeURIComponent(name)}/${uploadId}`;
  return { storagePath, source: `mlflow-artifacts:/${storagePath}` };
}

const nameParams = z.object({ name: z.string().min(1) });
const versionParams = z.object({ name: z.string().min(1), version: z.string().min(1) });
const versionTagParams = versionParams.extend({ key: tagKeyParamSchema });
const aliasParams = z.object({ name: z.string().min(1), alias: z.string().min(1) });
const searchQuery = z.object({
  filter: z.string().optional(),
  orderBy: stringListQuerySchema.optional(),
  ...pageQueryShape,
});

const GROUP = 'model versions';

export const modelVersionRoutes = {
  createModelVersion: defineRoute({
    operationId: 'createModelVersion',
    method: 'POST',
    path: '/api/v1/models/{name}/versions',
    group: GROUP,
    summary: 'Register a new version of a model',
    params: nameParams,
    body: createModelVersionBodySchema,
    status: 201,
    response: modelVersionResponseSchema,
  }),
  listModelVersions: defineRoute({
    operationId: 'listModelVersions',
    method: 'GET',
    path: '/api/v1/models/{name}/versions',
    group: GROUP,
    summary: 'List the versions of one model',
    description: '`filter` narrows further (`tags.env = "prod"`); the model name is implied.',
    params: nameParams,
    query: searchQuery,
    status: 200,
    response: searchModelVersionsResponseSchema,
  }),
  searchModelVersions: defineRoute({
    operationId: 'searchModelVersions',
    method: 'GET',
    path: '/api/v1/model-versions',
    group: GROUP,
    summary: 'Search versions across models',
    query: searchQuery,
    status: 200,
    response: searchModelVersionsResponseSchema,
  }),
  getModelVersion: defineRoute({
    operationId: 'getModelVersion',
    method: 'GET',
    path: '/api/v1/models/{name}/versions/{version}',
    group: GROUP,
    summary: 'Get a model version',
    params: versionParams,
    status: 200,
    response: modelVersionResponseSchema,
  }),
  updateModelVersion: defineRoute({
    operationId: 'updateModelVersion',
    method: 'PATCH',
    path: '/api/v1/models/{name}/versions/{version}',
    group: GROUP,
    summary: 'Update the description of a model version',
    params: versionParams,
    body: updateModelVersionBodySchema,
    status: 200,
    response: modelVersionResponseSchema,
  }),
  deleteModelVersion: defineRoute({
    operationId: 'deleteModelVersion',
    method: 'DELETE',
    path: '/api/v1/models/{name}/versions/{version}',
    group: GROUP,
    summary: 'Delete a model version',
    params: versionParams,
    status: 204,
  }),
  transitionModelVersionStage: defineRoute({
    operationId: 'transitionModelVersionStage',
    method: 'POST',
    path: '/api/v1/models/{name}/versions/{version}/stage',
    group: GROUP,
    summary: 'Move a model version to another stage',
    params: versionParams,
    body: transitionStageBodySchema,
    status: 200,
    response: modelVersionResponseSchema,
  }),
  setModelVersionTag: defineRoute({
    operationId: 'setModelVersionTag',
    method: 'PUT',
    path: '/api/v1/models/{name}/versions/{version}/tags/{key}',
    group: GROUP,
    summary: 'Set a tag on a model version',
    params: versionTagParams,
    body: setTagBodySchema,
    status: 204,
  }),
  deleteModelVersionTag: defineRoute({
    operationId: 'deleteModelVersionTag',
    method: 'DELETE',
    path: '/api/v1/models/{name}/versions/{version}/tags/{key}',
    group: GROUP,
    summary: 'Delete a tag of a model version',
    params: versionTagParams,
    status: 204,
  }),
  getModelVersionDownloadUri: defineRoute({
    operationId: 'getModelVersionDownloadUri',
    method: 'GET',
    path: '/api/v1/models/{name}/versions/{version}/download-uri',
    group: GROUP,
    summary: "Where a version's files are stored",
    params: versionParams,
    status: 200,
    response: downloadUriResponseSchema,
  }),
  setModelAlias: defineRoute({
    operationId: 'setModelAlias',
    method: 'PUT',
    path: '/api/v1/models/{name}/aliases/{alias}',
    group: GROUP,
    summary: 'Point an alias at a version (moving it if set elsewhere)',
    params: aliasParams,
    body: setAliasBodySchema,
    status: 204,
  }),
  getModelVersionByAlias: defineRoute({
    operationId: 'getModelVersionByAlias',
    method: 'GET',
    path: '/api/v1/models/{name}/aliases/{alias}',
    group: GROUP,
    summary: 'Get the version an alias points at',
    params: aliasParams,
    status: 200,
    response: modelVersionResponseSchema,
  }),
  deleteModelAlias: defineRoute({
    operationId: 'deleteModelAlias',
    method: 'DELETE',
    path: '/api/v1/models/{name}/aliases/{alias}',
    group: GROUP,
    summary: 'Delete an alias',
    params: aliasParams,
    status: 204,
  }),
  resolveModelUri: defineRoute({
    operationId: 'resolveModelUri',
    method: 'GET',
    path: '/api/v1/models/resolve',
    group: GROUP,
    summary: 'Resolve a models:/ URI to a version',
    description:
      'Accepts `models:/<name>/<version>`, `models:/<name>@<alias>`, `models:/<name>/latest` and `models:/<name>/<stage>`.',
    query: z.object({ uri: z.string().min(1) }),
    status: 200,
    response: modelVersionResponseSchema,
  }),
  uploadModelFile: defineRoute({
    operationId: 'uploadModelFile',
    method: 'PUT',
    path: '/api/v1/models/{name}/uploads/{uploadId}/{path*}',
    group: GROUP,
    summary: 'Upload one file of a model version to be created (raw body, streamed)',
    description:
      "Stores the file under models/<name>/<uploadId>/<path>; once every file is up, create the version with source 'mlflow-artifacts:/models/<name>/<uploadId>'.",
    params: z.object({ name: z.string().min(1), uploadId: uploadIdSchema, path: z.string() }),
    body: 'binary',
    status: 204,
  }),
};
