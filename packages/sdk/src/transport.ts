import { SlipwayError, errorBodySchema } from '@slipway/core';
import type { ErrorCode, RouteResponse, RouteSpec } from '@slipway/core';
import { authorizationHeader, checkBaseUrl } from './credentials.js';
import type { CredentialOptions } from './credentials.js';

/** Anything an artifact or model file can be uploaded from. */
export type UploadBody = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

export interface TransportOptions extends CredentialOptions {
  baseUrl: string;
  fetch?: typeof fetch | undefined;
}

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  /** A body sent as is instead of JSON, e.g. a YAML document (`body` is then ignored). */
  rawBody?: { text: string; contentType: string };
}

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'FAILED_PRECONDITION',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RESOURCE_EXHAUSTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'UNAVAILABLE',
};

/**
 * HTTP plumbing shared by every namespace: URLs from the contract's route table, JSON in and out,
 * responses checked (and NaN/Infinity decoded) with the contract's schemas, errors rebuilt as
 * SlipwayError with the server's code, message and details.
 */
export class Transport {
  readonly baseUrl: string;
  /** Built once; kept private so the secret never shows in an inspected or logged client. */
  readonly #authorization: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: TransportOptions) {
    checkBaseUrl(options.baseUrl);
    this.#authorization = authorizationHeader(options);
    this.baseUrl = options.baseUrl.replace(/\/+$/u, '');
    // Bound so a plain `fetch` keeps its global receiver when called as a method.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Calls a JSON route and returns its parsed response (undefined for 204 routes). */
  async call<R extends RouteSpec>(route: R, input: CallInput = {}): Promise<RouteResponse<R>> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (input.rawBody !== undefined) {
      headers['content-type'] = input.rawBody.contentType;
      body = input.rawBody.text;
    } else if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = encodeJson(input.body);
    }
    const response = await this.send(route, input, { method: route.method, headers, body });
    if (route.response === undefined || route.response === 'binary') {
      await response.body?.cancel();
      return undefined as RouteResponse<R>;
    }
    const json: unknown = await response.json();
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      throw new SlipwayError({
        code: 'INTERNAL',
        message: `Unexpected response from ${route.operationId}: ${parsed.error.issues[0]?.message ?? 'invalid shape'}. Is the server a compatible Slipway version?`,
      });
    }
    return parsed.data as RouteResponse<R>;
  }

  /** Streams a raw body to a binary-upload route. */
  async upload(route: RouteSpec, params: Record<string, string>, body: UploadBody): Promise<void> {
    const init: RequestInit = {
      method: route.method,
      headers: { 'content-type': 'application/octet-stream' },
      body,
    };
    // Node's fetch only streams a ReadableStream body when told it is half-duplex.
    if (body instanceof ReadableStream) (init as { duplex?: string }).duplex = 'half';
    const response = await this.send(route, { params }, init);
    await response.body?.cancel();
  }

  /** Streams a raw body to a binary-upload route that answers JSON, and parses the answer. */
  async uploadForJson<R extends RouteSpec>(
    route: R,
    params: Record<string, string>,
    body: UploadBody,
    query?: CallInput['query'],
  ): Promise<RouteResponse<R>> {
    const init: RequestInit = {
      method: route.method,
      headers: { 'content-type': 'application/octet-stream' },
      body,
    };
    if (body instanceof ReadableStream) (init as { duplex?: string }).duplex = 'half';
    const response = await this.send(route, { params, query }, init);
    const json: unknown = await response.json();
    if (route.response === undefined || route.response === 'binary') {
      return undefined as RouteResponse<R>;
    }
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      throw new SlipwayError({
        code: 'INTERNAL',
        message: `Unexpected response from ${route.operationId}: ${parsed.error.issues[0]?.message ?? 'invalid shape'}. Is the server a compatible Slipway version?`,
      });
    }
    return parsed.data as RouteResponse<R>;
  }

  /** Calls a binary-download route; the caller consumes the body. */
  async download(
    route: RouteSpec,
    params: Record<string, string>,
    query?: CallInput['query'],
  ): Promise<Response> {
    return this.send(route, { params, query }, { method: route.method });
  }

  /**
   * Opens a server-sent events route (`text/event-stream`) with the client's credentials in the
   * Authorization header, which the browser's EventSource cannot send; the caller reads the body.
   * A refusal (403, 404, ...) throws as for any call; `signal` aborts the request and its body.
   */
  async openEventStream(
    route: RouteSpec,
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    return this.send(
      route,
      { params },
      { method: route.method, headers: { accept: 'text/event-stream' }, signal: signal ?? null },
    );
  }

  private async send(route: RouteSpec, input: CallInput, init: RequestInit): Promise<Response> {
    const url = this.urlFor(route, input);
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (this.#authorization !== undefined) headers.set('authorization', this.#authorization);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, headers });
    } catch (err) {
      throw new SlipwayError({
        code: 'UNAVAILABLE',
        message: `Cannot reach the Slipway server at ${this.baseUrl}: ${describeNetworkError(err)}.`,
        cause: err,
      });
    }
    if (!response.ok) throw await errorFromResponse(response, route);
    return response;
  }

  private urlFor(route: RouteSpec, input: CallInput): string {
    const path = route.path.replace(/\{(\w+)(\*?)\}/gu, (_match, name: string, star: string) => {
      const value = input.params?.[name];
      if (value === undefined) throw new Error(`Missing path parameter '${name}'.`);
      // A wildcard keeps its slashes; every other parameter is one segment, slashes encoded.
      return star ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
    }
    const qs = search.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }
}

/** JSON with NaN and ±Infinity as the strings the API expects. */
function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

async function errorFromResponse(response: Response, route: RouteSpec): Promise<SlipwayError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      return new SlipwayError({ code, message, details });
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a status-based error.
  }
  const code = CODE_FOR_STATUS[response.status] ?? 'INTERNAL';
  const snippet = text.trim().slice(0, 200);
  return new SlipwayError({
    code,
    message: `HTTP ${response.status} from ${route.method} ${route.path}${snippet ? `: ${snippet}` : ''}`,
    details: { status: response.status },
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
