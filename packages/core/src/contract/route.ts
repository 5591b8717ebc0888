import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route of the native API. `path` uses OpenAPI templating (`/api/v1/runs/{runId}`); a final
 * `{name*}` segment is a wildcard that takes the rest of the path, slashes included.
 *
 * The same object drives request validation in the server, the OpenAPI document and the SDK types,
 * so the three cannot disagree.
 */
export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** OpenAPI tag: which resource the route belongs to. */
  group: string;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body, or 'binary' for a raw streamed upload (application/octet-stream). */
  body?: z.ZodType | 'binary';
  status: 200 | 201 | 204;
  /** The JSON response body, or 'binary' for a raw download. Absent with status 204. */
  response?: z.ZodType | 'binary';
  /**
   * The response is `text/event-stream` (server-sent events) that lasts until either side ends
   * it, instead of one JSON body; `response` then describes the JSON data of each event.
   */
  eventStream?: boolean;
}

/** Keeps the literal schema types of a route so handlers and clients are typed from it. */
export function defineRoute<const T extends RouteSpec>(route: T): T {
  return route;
}

type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined;
type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined;

/** Path parameters after validation. */
export type RouteParams<R extends RouteSpec> = R extends { params: infer P }
  ? OutputOf<P>
  : undefined;
/** Query parameters after validation. */
export type RouteQuery<R extends RouteSpec> = R extends { query: infer Q }
  ? OutputOf<Q>
  : undefined;
/** The JSON body after validation. */
export type RouteBody<R extends RouteSpec> = R extends { body: infer B } ? OutputOf<B> : undefined;
/** The JSON body as a client sends it. */
export type RouteBodyInput<R extends RouteSpec> = R extends { body: infer B }
  ? InputOf<B>
  : undefined;
/** The response body as the server sends it (before JSON encoding). */
export type RouteResponseInput<R extends RouteSpec> = R extends { response: infer S }
  ? InputOf<S>
  : undefined;
/** The response body as a client holds it after parsing. */
export type RouteResponse<R extends RouteSpec> = R extends { response: infer S }
  ? OutputOf<S>
  : undefined;
