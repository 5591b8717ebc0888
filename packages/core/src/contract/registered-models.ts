import { z } from 'zod';
import {
  pageQueryShape,
  setTagBodySchema,
  stringListQuerySchema,
  tagKeyParamSchema,
  tagSchema,
  timestampSchema,
} from './common.js';
import { modelVersionSchema } from './model-versions.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

export const registeredModelSchema = z
  .object({
    name: z.string(),
    creationTimestamp: timestampSchema,
    lastUpdatedTimestamp: timestampSchema,
    userId: z.string(),
    description: z.string(),
    latestVersions: z.array(modelVersionSchema).describe('Latest version per stage.'),
    tags: z.array(tagSchema),
    aliases: z.array(z.object({ alias: z.string(), version: z.string() })),
  })
  .register(contractRegistry, { id: 'RegisteredModel' });

export const createRegisteredModelBodySchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    tags: z.array(tagSchema).optional(),
  })
  .register(contractRegistry, { id: 'CreateRegisteredModelRequest' });

export const updateRegisteredModelBodySchema = z
  .object({
    name: z.string().optional().describe('New name (rename).'),
    description: z.string().optional(),
  })
  .refine((body) => (body.name === undefined) !== (body.description === undefined), {
    message: "Set exactly one of 'name' (to rename) or 'description'.",
  })
  .register(contractRegistry, {
    id: 'UpdateRegisteredModelRequest',
    description: "Exactly one of 'name' or 'description', so each update is one atomic change.",
  });

export const registeredModelResponseSchema = z
  .object({ registeredModel: registeredModelSchema })
  .register(contractRegistry, { id: 'RegisteredModelResponse' });

export const searchRegisteredModelsResponseSchema = z
  .object({
    registeredModels: z.array(registeredModelSchema),
    nextPageToken: z.string().optional(),
  })
  .register(contractRegistry, { id: 'SearchRegisteredModelsResponse' });

const nameParams = z.object({ name: z.string().min(1) });
const tagParams = z.object({ name: z.string().min(1), key: tagKeyParamSchema });

const GROUP = 'registered models';

export const registeredModelRoutes = {
  createRegisteredModel: defineRoute({
    operationId: 'createRegisteredModel',
    method: 'POST',
    path: '/api/v1/models',
    group: GROUP,
    summary: 'Create a registered model',
    body: createRegisteredModelBodySchema,
    status: 201,
    response: registeredModelResponseSchema,
  }),
  searchRegisteredModels: defineRoute({
    operationId: 'searchRegisteredModels',
    method: 'GET',
    path: '/api/v1/models',
    group: GROUP,
    summary: 'List or search registered models',
    query: z.object({
      filter: z.string().optional(),
      orderBy: stringListQuerySchema.optional(),
      ...pageQueryShape,
    }),
    status: 200,
    response: searchRegisteredModelsResponseSchema,
  }),
  getRegisteredModel: defineRoute({
    operationId: 'getRegisteredModel',
    method: 'GET',
    path: '/api/v1/models/{name}',
    group: GROUP,
    summary: 'Get a registered model',
    description: "Names containing '/' are sent percent-encoded (%2F).",
    params: nameParams,
    status: 200,
    response: registeredModelResponseSchema,
  }),
  updateRegisteredModel: defineRoute({
    operationId: 'updateRegisteredModel',
    method: 'PATCH',
    path: '/api/v1/models/{name}',
    group: GROUP,
    summary: 'Rename a registered model or change its description',
    params: nameParams,
    body: updateRegisteredModelBodySchema,
    status: 200,
    response: registeredModelResponseSchema,
  }),
  deleteRegisteredModel: defineRoute({
    operationId: 'deleteRegisteredModel',
    method: 'DELETE',
    path: '/api/v1/models/{name}',
    group: GROUP,
    summary: 'Delete a registered model with all its versions (its history is kept)',
    params: nameParams,
    status: 204,
  }),
  setRegisteredModelTag: defineRoute({
    operationId: 'setRegisteredModelTag',
    method: 'PUT',
    path: '/api/v1/models/{name}/tags/{key}',
    group: GROUP,
    summary: 'Set a tag on a registered model',
    params: tagParams,
    body: setTagBodySchema,
    status: 204,
  }),
  deleteRegisteredModelTag: defineRoute({
    operationId: 'deleteRegisteredModelTag',
    method: 'DELETE',
    path: '/api/v1/models/{name}/tags/{key}',
    group: GROUP,
    summary: 'Delete a tag of a registered model',
    params: tagParams,
    status: 204,
  }),
};
