import { SlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';
import { authorizationHeader, checkBaseUrl } from './credentials.js';
import type { TransportOptions } from './transport.js';

/** MLflow's error codes (databricks.proto) back to the SlipwayError codes the server mapped. */
const CODE_FOR_MLFLOW: Record<string, ErrorCode> = {
  INVALID_PARAMETER_VALUE: 'INVALID_ARGUMENT',
  BAD_REQUEST: 'INVALID_ARGUMENT',
  RESOURCE_DOES_NOT_EXIST: 'NOT_FOUND',
  ENDPOINT_NOT_FOUND: 'NOT_FOUND',
  RESOURCE_ALREADY_EXISTS: 'ALREADY_EXISTS',
  INVALID_STATE: 'FAILED_PRECONDITION',
  RESOURCE_CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  REQUEST_LIMIT_EXCEEDED: 'RESOURCE_EXHAUSTED',
  RESOURCE_LIMIT_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  TEMPORARILY_UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL',
};

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RESOURCE_EXHAUSTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'UNAVAILABLE',
};

export type MlflowMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface MlflowCallInput {
  /** For GET: MLflow reads a GET request's fields from the query string. */
  query?: Record<string, string | number | undefined>;
  /** For the other methods: the request message as JSON. */
  body?: Record<string, unknown>;
}

/**
 * Calls the server's MLflow REST API (`/api/2.0/mlflow/...`) with the client's credentials, for
 * what Slipway offers only through MLflow's API (webhooks). It is a transport of its own because
 * MLflow's wire differs from the native one: snake_case messages, and errors as
 * `{"error_code", "message"}`, rebuilt here as SlipwayError with the server's message.
 */
export class MlflowTransport {
  readonly baseUrl: string;
  /** Private, as in Transport: the secret never shows in an inspected or logged client. */
  readonly #authorization: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: TransportOptions) {
    checkBaseUrl(options.baseUrl);
    this.#authorization = authorizationHeader(options);
    this.baseUrl = options.baseUrl.replace(/\/+$/u, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** `path` is below `/api/2.0/mlflow`, e.g. `/webhooks`; resolves with the response message. */
  async call(
    method: MlflowMethod,
    path: string,
    input: MlflowCallInput = {},
  ): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    let body: string | undefined;
    if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) search.append(key, String(value));
    }
    const qs = search.toString();
    const url = `${this.baseUrl}/api/2.0/mlflow${path}${qs ? `?${qs}` : ''}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, headers, body });
    } catch (err) {
      throw new SlipwayError({
        code: 'UNAVAILABLE',
        message: `Cannot reach the Slipway server at ${this.baseUrl}: ${describeNetworkError(err)}.`,
        cause: err,
      });
    }
    const text = await response.text();
    if (!response.ok) throw errorFrom(response.status, text, `${method} ${path}`);
    const json = parseJson(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new SlipwayError({
        code: 'INTERNAL',
        message: `Unexpected response from ${method} ${path}: not a JSON object. Is the server a compatible Slipway version?`,
      });
    }
    return json as Record<string, unknown>;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFrom(status: number, text: string, what: string): SlipwayError {
  const json = parseJson(text) as { error_code?: unknown; message?: unknown } | undefined;
  if (typeof json?.message === 'string' && typeof json.error_code === 'string') {
    const code = CODE_FOR_MLFLOW[json.error_code] ?? CODE_FOR_STATUS[status] ?? 'INTERNAL';
    return new SlipwayError({
      code,
      message: json.message,
      details: { status, mlflowErrorCode: json.error_code },
    });
  }
  // Not MLflow's error body (a proxy's error page, say): the status and the start of the text.
  const snippet = text.trim().slice(0, 200);
  return new SlipwayError({
    code: CODE_FOR_STATUS[status] ?? 'INTERNAL',
    message: `HTTP ${status} from ${what}${snippet ? `: ${snippet}` : ''}`,
    details: { status },
  });
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${cause.message} (${code})` : cause.message;
  }
  return err.message;
}
