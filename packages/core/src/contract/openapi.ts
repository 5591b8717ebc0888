import { z } from 'zod';
import { nativeRoutes } from './native-routes.js';
import { contractRegistry } from './registry.js';
import type { RouteSpec } from './route.js';

type JsonObject = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
}

const COMPONENT_PREFIX = '#/components/schemas/';
const STATUS_TEXT = { 200: 'OK', 201: 'Created', 204: 'No content' } as const;
const BINARY = { type: 'string', contentMediaType: 'application/octet-stream' };
const EVENT_STREAM = {
  type: 'string',
  contentMediaType: 'text/event-stream',
  description: 'Server-sent events; the data of each event is JSON (see x-event-data).',
};

/**
 * The OpenAPI 3.1 document of the native API, generated from the route table and the contract
 * schemas (OpenAPI 3.1 is JSON Schema 2020-12, which z.toJSONSchema emits, so no conversion layer).
 * Named schemas become components; routes refer to them.
 */
export function buildOpenApiDocument(
  info: OpenApiInfo = { title: 'Slipway native API', version: '0.1.0' },
): JsonObject {
  const { schemas } = z.toJSONSchema(contractRegistry, {
    io: 'input',
    metadata: contractRegistry,
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    unrepresentable: 'any',
  });
  const components: JsonObject = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    components[id] = rest;
  }
  const paths: Record<string, JsonObject> = {};
  const routes: RouteSpec[] = Object.values(nativeRoutes);
  for (const route of routes) {
    const path = route.path.replace(/\{(\w+)\*\}/gu, '{$1}');
    const operations = (paths[path] ??= {});
    operations[route.method.toLowerCase()] = operationFor(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Native REST API of Slipway. Errors are {"error": {"code", "message", "details"}} with the HTTP status that `code` implies.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(routes.map((r) => r.group))].map((name) => ({ name })),
    paths,
    components: { schemas: components },
  };
}

function operationFor(route: RouteSpec): JsonObject {
  const operation: JsonObject = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.group],
  };
  if (route.description) operation.description = route.description;
  const parameters = [
    ...parametersFor(route.params, 'path', route.path),
    ...parametersFor(route.query, 'query', route.path),
  ];
  if (parameters.length > 0) operation.parameters = parameters;
  if (route.body !== undefined) {
    operation.requestBody = {
      required: true,
      content:
        route.body === 'binary'
          ? { 'application/octet-stream': { schema: BINARY } }
          : { 'application/json': { schema: refTo(route.body) } },
    };
  }
  const success: JsonObject = { description: STATUS_TEXT[route.status] };
  if (route.response === 'binary') {
    success.content = { 'application/octet-stream': { schema: BINARY } };
  } else if (route.response !== undefined && route.eventStream === true) {
    // OpenAPI 3.1 cannot type the events of a stream (3.2's itemSchema can): the body is text,
    // and an extension names the schema of each event's JSON data.
    success.content = {
      'text/event-stream': { schema: EVENT_STREAM, 'x-event-data': refTo(route.response) },
    };
  } else if (route.response !== undefined) {
    success.content = { 'application/json': { schema: refTo(route.response) } };
  }
  operation.responses = {
    [String(route.status)]: success,
    default: {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: `${COMPONENT_PREFIX}Error` } } },
    },
  };
  return operation;
}

function parametersFor(
  shape: z.ZodObject | undefined,
  location: 'path' | 'query',
  path: string,
): JsonObject[] {
  if (!shape) return [];
  return Object.entries(shape.shape).map(([name, field]) => {
    const schema = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' });
    const { $schema: _dialect, description, ...rest } = schema;
    const wildcard = path.includes(`{${name}*}`);
    const parameter: JsonObject = {
      name,
      in: location,
      required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      schema: rest,
    };
    const text = wildcard ? `${description ?? ''} The rest of the URL path.`.trim() : description;
    if (text) parameter.description = text;
    if (location === 'query' && JSON.stringify(rest).includes('"array"')) {
      parameter.style = 'form';
      parameter.explode = true;
    }
    return parameter;
  });
}

function refTo(schema: z.ZodType): JsonObject {
  const meta = contractRegistry.get(schema);
  if (!meta) {
    // Every body and response is a named component so the document stays readable; a route with an
    // anonymous one is a contract bug, caught by the contract tests.
    throw new Error('Route bodies and responses must be registered in contractRegistry.');
  }
  return { $ref: `${COMPONENT_PREFIX}${meta.id}` };
}
