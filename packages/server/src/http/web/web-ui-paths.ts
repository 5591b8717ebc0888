import type { FastifyRequest } from 'fastify';

/**
 * Path prefixes of the APIs and protocol endpoints. A request under one of them is never answered
 * with the web UI, so API clients keep the JSON 404s (and 401s) of their API.
 */
const API_PREFIXES = [
  '/api',
  '/ajax-api',
  '/v2',
  '/invocations',
  '/metrics',
  '/health',
  '/ping',
  '/version',
  '/get-artifact',
  '/model-versions',
] as const;

/** Where `vite build` puts the hashed files the UI loads (scripts, styles, images). */
export const WEB_ASSETS_PREFIX = '/assets/';

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Whether a request is for the web UI's public files: the page itself, its hashed assets, or a
 * client-side route (a GET that matched no route and is outside the APIs). These hold no data, so
 * they are served without credentials, as the login page must be; every API call the page then
 * makes is authenticated as before. A route matched by anything else (a future endpoint outside
 * the API prefixes included) is not public.
 */
export function isWebUiRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?', 1)[0] ?? '';
  if (isApiPath(path)) return false;
  const route = request.routeOptions.url;
  return route === undefined || route === '/' || route.startsWith(WEB_ASSETS_PREFIX);
}

/** Whether the client asked for a page (a browser navigation), not data. */
export function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}
