import { isSlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isClientGone } from '../body-budget.js';
import { MlflowJsonSyntaxError } from './mlflow-json.js';

/** MLflow's error codes (databricks.proto ErrorCode names) that this API returns. */
export type MlflowErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'BAD_REQUEST'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'RESOURCE_CONFLICT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'RESOURCE_LIMIT_EXCEEDED'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'ENDPOINT_NOT_FOUND'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL_ERROR';

export interface MlflowErrorBody {
  error_code: MlflowErrorCode;
  message: string;
}

/** An error already phrased in MLflow's terms (code and HTTP status). */
export class MlflowHttpError extends Error {
  constructor(
    readonly errorCode: MlflowErrorCode,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'MlflowHttpError';
  }
}

/**
 * SlipwayError code -> MLflow code and status. MLflow answers INVALID_STATE with 500; we use 400
 * because MLflow's Python client retries every 5xx, and a deleted run stays deleted however often
 * it is retried.
 */
const FROM_SLIPWAY: Record<ErrorCode, [MlflowErrorCode, number]> = {
  INVALID_ARGUMENT: ['INVALID_PARAMETER_VALUE', 400],
  NOT_FOUND: ['RESOURCE_DOES_NOT_EXIST', 404],
  ALREADY_EXISTS: ['RESOURCE_ALREADY_EXISTS', 400],
  FAILED_PRECONDITION: ['INVALID_STATE', 400],
  CONFLICT: ['RESOURCE_CONFLICT', 409],
  UNAUTHENTICATED: ['UNAUTHENTICATED', 401],
  PERMISSION_DENIED: ['PERMISSION_DENIED', 403],
  RESOURCE_EXHAUSTED: ['REQUEST_LIMIT_EXCEEDED', 429],
  PAYLOAD_TOO_LARGE: ['RESOURCE_LIMIT_EXCEEDED', 413],
  UNAVAILABLE: ['TEMPORARILY_UNAVAILABLE', 503],
  INTERNAL: ['INTERNAL_ERROR', 500],
};

/** MLflow's error code and HTTP status for a SlipwayError code (shared with the scoring server). */
export function mlflowErrorFor(code: ErrorCode): readonly [MlflowErrorCode, number] {
  return FROM_SLIPWAY[code];
}

export function missingParameter(path: string): MlflowHttpError {
  return new MlflowHttpError(
    'INVALID_PARAMETER_VALUE',
    400,
    `Missing value for required parameter '${path}'. See the API docs for more information about request parameters.`,
  );
}

export function invalidParameter(path: string, value: unknown, hint: string): MlflowHttpError {
  return new MlflowHttpError(
    'INVALID_PARAMETER_VALUE',
    400,
    `Invalid value ${showValue(value)} for parameter '${path}' supplied: ${hint}. See the API docs for more information about request parameters.`,
  );
}

export function badRequest(message: string): MlflowHttpError {
  return new MlflowHttpError('BAD_REQUEST', 400, message);
}

export function payloadTooLarge(limitBytes: number): MlflowHttpError {
  return new MlflowHttpError(
    'RESOURCE_LIMIT_EXCEEDED',
    413,
    `Request body is larger than the limit of ${limitBytes} bytes.`,
  );
}

export function endpointNotFound(method: string, url: string): MlflowHttpError {
  const path = url.split('?')[0] ?? url;
  return new MlflowHttpError(
    'ENDPOINT_NOT_FOUND',
    404,
    `No API endpoint ${method} ${path.slice(0, 300)}.`,
  );
}

/**
 * Turns anything thrown by a route, a content parser or Fastify itself into MLflow's wire shape.
 * `contentType` is the request's, for MLflow's wording of the unsupported-media-type error.
 */
export function toMlflowError(
  err: unknown,
  contentType?: string,
): { status: number; body: MlflowErrorBody } {
  if (err instanceof MlflowHttpError) {
    return { status: err.statusCode, body: { error_code: err.errorCode, message: err.message } };
  }
  if (isSlipwayError(err)) {
    const [code, status] = FROM_SLIPWAY[err.code];
    const message = code === 'INTERNAL_ERROR' ? 'Internal server error.' : err.message;
    return { status, body: { error_code: code, message } };
  }
  if (err instanceof MlflowJsonSyntaxError) {
    return {
      status: 400,
      body: {
        error_code: 'BAD_REQUEST',
        message: `Malformed JSON in request body: ${err.message}.`,
      },
    };
  }
  const fastifyError = err as Partial<FastifyError> | undefined;
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: { error_code: 'RESOURCE_LIMIT_EXCEEDED', message: 'Request body is too large.' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const type = contentType?.split(';')[0]?.trim();
      // Echo the type only when it is harmless text (MLflow's guard against reflected markup).
      const got = type && /^[\w\-/;,+ ]{1,100}$/u.test(type) ? ` Got '${type}'.` : '';
      return {
        status: 400,
        body: {
          error_code: 'INVALID_PARAMETER_VALUE',
          message: `Bad Request. Content-Type must be one of [application/json].${got}`,
        },
      };
    }
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own 4xx (bad content length, aborted body...): safe to describe.
    return {
      status,
      body: { error_code: 'BAD_REQUEST', message: String(fastifyError?.message ?? 'Bad request') },
    };
  }
  return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'Internal server error.' } };
}

/** Fastify error handler for every MLflow scope. */
export function mlflowErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toMlflowError(err, request.headers['content-type']);
  if (status >= 500) {
    if (isClientGone(err, request)) request.log.info({ err }, 'MLflow API client went away');
    else request.log.error({ err }, 'MLflow API request failed');
  }
  return reply.code(status).type('application/json').send(JSON.stringify(body));
}

export function mlflowNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return mlflowErrorHandler(endpointNotFound(request.method, request.url), request, reply);
}

function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
