import { z } from 'zod';
import { pageQueryShape, timestampSchema } from './common.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

const digestSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/u, 'a sha256 digest: 64 lowercase hex digits')
  .describe('sha256 of the content, hex.');

export const datasetColumnSchema = z
  .object({ name: z.string(), type: z.string() })
  .register(contractRegistry, { id: 'DatasetColumn' });

export const datasetColumnSummarySchema = z
  .object({
    name: z.string(),
    type: z.string(),
    count: z.number().int(),
    nulls: z.number().int(),
    distinct: z.number().int().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    mean: z.number().optional(),
    top: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
  })
  .register(contractRegistry, { id: 'DatasetColumnSummary' });

export const datasetFileSchema = z
  .object({
    path: z.string(),
    digest: digestSchema,
    size: z.number().int(),
    format: z.enum(['csv', 'jsonl', 'parquet']).optional(),
    rows: z.number().int().optional(),
    schema: z.array(datasetColumnSchema).optional(),
    columns: z.array(datasetColumnSummarySchema).optional(),
  })
  .register(contractRegistry, { id: 'DatasetFile', description: 'One file of a dataset version.' });

export const datasetVersionSchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    digest: digestSchema.describe(
      "The version's identity: the file's sha256, or for several files the sha256 of the sorted manifest.",
    ),
    description: z.string().optional(),
    size: z.number().int(),
    rows: z.number().int().optional(),
    schema: z.array(datasetColumnSchema).optional(),
    files: z.array(datasetFileSchema),
    createdAt: timestampSchema,
    createdBy: z.string(),
  })
  .register(contractRegistry, {
    id: 'DatasetVersion',
    description: 'An immutable dataset version.',
  });

export const datasetInfoSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    latestVersion: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: z.string(),
  })
  .register(contractRegistry, { id: 'DatasetInfo' });

export const stagedDatasetFileSchema = z
  .object({ file: datasetFileSchema, stored: z.boolean().describe('False when the blob existed.') })
  .register(contractRegistry, { id: 'StagedDatasetFile' });

export const createDatasetVersionBodySchema = z
  .object({
    description: z.string().max(5000).optional(),
    files: z
      .array(
        z.object({ path: z.string().min(1), digest: digestSchema, size: z.number().int().min(0) }),
      )
      .min(1),
  })
  .register(contractRegistry, { id: 'CreateDatasetVersionRequest' });

export const createDatasetVersionResponseSchema = z
  .object({
    version: datasetVersionSchema,
    created: z.boolean().describe("False when the content equals the latest version's."),
  })
  .register(contractRegistry, { id: 'CreateDatasetVersionResponse' });

export const linkDatasetVersionBodySchema = z
  .object({ runId: z.string().min(1) })
  .register(contractRegistry, { id: 'LinkDatasetVersionRequest' });

export const listDatasetsResponseSchema = z
  .object({ datasets: z.array(datasetInfoSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ListDatasetsResponse' });

export const datasetResponseSchema = z
  .object({ dataset: datasetInfoSchema })
  .register(contractRegistry, { id: 'DatasetResponse' });

export const listDatasetVersionsResponseSchema = z
  .object({ versions: z.array(datasetVersionSchema), nextPageToken: z.string().optional() })
  .register(contractRegistry, { id: 'ListDatasetVersionsResponse' });

export const datasetVersionResponseSchema = z
  .object({ version: datasetVersionSchema })
  .register(contractRegistry, { id: 'DatasetVersionResponse' });

const nameSchema = z.string().min(1);
const versionSchema = z.string().regex(/^\d+$/u, 'a version number');
const nameParams = z.object({ name: nameSchema });
const versionParams = z.object({ name: nameSchema, version: versionSchema });

const GROUP = 'datasets';

export const datasetRoutes = {
  uploadDatasetFile: defineRoute({
    operationId: 'uploadDatasetFile',
    method: 'PUT',
    path: '/api/v1/datasets/{name}/files/{path*}',
    group: GROUP,
    summary: 'Stage one file of a version to be created (raw body, streamed)',
    description:
      'Stores the content under its sha256 (once: an existing blob is kept) and profiles CSV, JSONL and Parquet files; then commit the files with POST /api/v1/datasets/{name}/versions.',
    params: z.object({ name: nameSchema, path: z.string() }),
    body: 'binary',
    status: 200,
    response: stagedDatasetFileSchema,
  }),
  createDatasetVersion: defineRoute({
    operationId: 'createDatasetVersion',
    method: 'POST',
    path: '/api/v1/datasets/{name}/versions',
    group: GROUP,
    summary: 'Create a version from staged files (the dataset too, if new)',
    params: nameParams,
    body: createDatasetVersionBodySchema,
    status: 200,
    response: createDatasetVersionResponseSchema,
  }),
  listDatasets: defineRoute({
    operationId: 'listDatasets',
    method: 'GET',
    path: '/api/v1/datasets',
    group: GROUP,
    summary: 'List datasets',
    query: z.object({ ...pageQueryShape }),
    status: 200,
    response: listDatasetsResponseSchema,
  }),
  getDataset: defineRoute({
    operationId: 'getDataset',
    method: 'GET',
    path: '/api/v1/datasets/{name}',
    group: GROUP,
    summary: 'Get a dataset',
    params: nameParams,
    status: 200,
    response: datasetResponseSchema,
  }),
  listDatasetVersions: defineRoute({
    operationId: 'listDatasetVersions',
    method: 'GET',
    path: '/api/v1/datasets/{name}/versions',
    group: GROUP,
    summary: 'List the versions of a dataset, newest first',
    params: nameParams,
    query: z.object({ ...pageQueryShape }),
    status: 200,
    response: listDatasetVersionsResponseSchema,
  }),
  getDatasetVersion: defineRoute({
    operationId: 'getDatasetVersion',
    method: 'GET',
    path: '/api/v1/datasets/{name}/versions/{version}',
    group: GROUP,
    summary: 'Get a dataset version: files, schema, rows and per-column summary',
    params: versionParams,
    status: 200,
    response: datasetVersionResponseSchema,
  }),
  downloadDatasetFile: defineRoute({
    operationId: 'downloadDatasetFile',
    method: 'GET',
    path: '/api/v1/datasets/{name}/versions/{version}/files/{path*}',
    group: GROUP,
    summary: 'Download one file of a dataset version',
    params: versionParams.extend({ path: z.string() }),
    status: 200,
    response: 'binary',
  }),
  linkDatasetVersion: defineRoute({
    operationId: 'linkDatasetVersion',
    method: 'POST',
    path: '/api/v1/datasets/{name}/versions/{version}/link',
    group: GROUP,
    summary: 'Record a dataset version as an input of a run (an MLflow dataset input)',
    params: versionParams,
    body: linkDatasetVersionBodySchema,
    status: 204,
  }),
};
