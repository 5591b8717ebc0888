import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { LIMITS, hasNul, jsonDepthError } from '@slipway/core';
import {
  MlflowHttpError,
  badRequest,
  invalidParameter,
  missingParameter,
} from './mlflow-errors.js';
import { MISSING, QUERY_KIND } from './mlflow-fields.js';
import { parseMlflowJson } from './mlflow-json.js';

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

/**
 * Reads an MLflow request message: GET from the query string (repeated fields as repeated
 * parameters, booleans as 'true'/'false'), everything else from the JSON body. Unknown fields are
 * ignored and nulls mean "unset", as protobuf's ParseDict treats them. Throws MLflow-shaped errors.
 */
export function parseRequest<S extends AnyObjectSchema>(
  schema: S,
  request: FastifyRequest,
): z.output<S> {
  const input = requestInput(schema, request);
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw issue ? issueToError(issue) : badRequest('Invalid request.');
  }
  return result.data;
}

/** `run_id`, falling back to the deprecated `run_uuid` that old clients send. */
export function requireRunId(input: {
  run_id?: string | undefined;
  run_uuid?: string | undefined;
}) {
  const runId = input.run_id || input.run_uuid;
  if (!runId) throw missingParameter('run_id');
  return runId;
}

function requestInput(schema: AnyObjectSchema, request: FastifyRequest): unknown {
  let body = request.body;
  const useQuery =
    request.method === 'GET' ||
    request.method === 'HEAD' ||
    (body === undefined && request.method === 'DELETE');
  if (useQuery) return refuseNulsInQuery(queryInput(schema, request.query));
  if (body === undefined || body === null) return {};
  // Old clients double-encode the body as a JSON string; MLflow decodes it a second time.
  if (typeof body === 'string') body = parseMlflowJson(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return cleanBody(body);
}

function queryInput(schema: AnyObjectSchema, query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof query !== 'object' || query === null) return out;
  const params = query as Record<string, unknown>;
  for (const [name, field] of Object.entries(schema.shape)) {
    const raw = params[name];
    if (raw === undefined) continue;
    const kind = QUERY_KIND.get(field as z.ZodType);
    if (kind === 'list') {
      out[name] = Array.isArray(raw) ? raw : [raw];
      continue;
    }
    const first: unknown = Array.isArray(raw) ? raw[0] : raw;
    if (kind === 'bool' && typeof first === 'string') {
      const lower = first.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        throw new MlflowHttpError(
          'INVALID_PARAMETER_VALUE',
          400,
          `Invalid boolean value: ${first.slice(0, 100)}, must be 'true' or 'false'.`,
        );
      }
      out[name] = lower === 'true';
      continue;
    }
    out[name] = first;
  }
  return out;
}

/**
 * One pass over the body before validation:
 * - Protobuf JSON treats `null` as "unset", so nulls are dropped. The body is a fresh JSON.parse
 *   result owned by this request, so it is cleaned in place: copying it (a log-batch of 1,000
 *   metrics is 1,000 objects) cost more CPU than the database write when profiled. JSON.parse
 *   makes `__proto__` an own property, and deleting own properties never touches a prototype.
 * - Nesting deeper than core's limit is refused before this walk (or anything after it) can
 *   recurse that deep: JSON.parse itself does not recurse, later walks do.
 * - A string holding NUL is refused, naming its field: PostgreSQL's text cannot hold it, so every
 *   backend refuses it alike, before anything is read or written.
 */
function cleanBody(body: object): object {
  const path: PropertyKey[] = [];
  const visit = (value: object, depth: number): void => {
    if (depth > LIMITS.maxJsonDepth) throw jsonDepthError('The request body');
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = value[i];
        if (typeof item === 'string') {
          if (hasNul(item)) throw nulParameter([...path, i], item);
        } else if (typeof item === 'object' && item !== null) {
          path.push(i);
          visit(item, depth + 1);
          path.pop();
        }
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v === null) delete record[key];
      else if (typeof v === 'string') {
        if (hasNul(v)) throw nulParameter([...path, key], v);
      } else if (typeof v === 'object') {
        path.push(key);
        visit(v, depth + 1);
        path.pop();
      }
    }
  };
  visit(body, 1);
  return body;
}

function refuseNulsInQuery(input: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(input)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    values.forEach((item, i) => {
      if (typeof item === 'string' && hasNul(item)) {
        throw nulParameter(Array.isArray(value) ? [name, i] : [name], item);
      }
    });
  }
  return input;
}

function nulParameter(path: PropertyKey[], value: string): MlflowHttpError {
  return invalidParameter(
    formatPath(path),
    value,
    'must not contain the NUL character (\\u0000), which the stores cannot hold',
  );
}

function issueToError(issue: z.core.$ZodIssue): MlflowHttpError {
  const path = formatPath(issue.path);
  const input = 'input' in issue ? issue.input : undefined;
  const flaggedMissing =
    issue.code === 'custom' && (issue.params as { missing?: boolean } | undefined)?.missing;
  if (flaggedMissing || issue.message === MISSING || input === undefined) {
    return missingParameter(path);
  }
  return invalidParameter(path, input, issue.message);
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || 'request';
}
