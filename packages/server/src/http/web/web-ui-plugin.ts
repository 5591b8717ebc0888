import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { setSecurityHeaders } from './security-headers.js';
import { WEB_ASSETS_PREFIX, acceptsHtml, isApiPath } from './web-ui-paths.js';

export interface WebUiPluginOptions {
  /** The built UI: index.html and assets/ (`@slipway/web`'s dist). */
  distDir: string;
}

const NOT_BUILT =
  'The Slipway web UI is not built. Run `npm run build` (or `npm ci`, which builds it) in the Slipway checkout, then restart the server.\n';

/** A built asset's name: letters, digits, `-`, `_` and dots, never a leading dot or a separator. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/u;

/**
 * Serves the web UI at `/`: hashed assets cached for a year, index.html revalidated on every load,
 * and index.html for any other page navigation (client-side routes), while paths under the APIs
 * keep their own 404s. Registered without encapsulation, since the page fallback is the root's
 * not-found handler (the API plugins' own not-found handlers still answer under their prefixes).
 *
 * Files are looked up per request rather than listed at startup, so `npm run build` beside a
 * running server takes effect at the next page load instead of leaving the old index.html
 * pointing at deleted hashes.
 */
async function webUi(app: FastifyInstance, options: WebUiPluginOptions): Promise<void> {
  const indexPath = join(options.distDir, 'index.html');
  const sendPage = async (reply: FastifyReply) => {
    setSecurityHeaders(reply);
    reply.header('cache-control', 'no-cache');
    // A few hundred bytes read once per page load (not per API call): cheaper than a watcher.
    const indexHtml = await readFile(indexPath).catch(() => undefined);
    if (indexHtml === undefined) return reply.code(404).type('text/plain').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  };

  app.setNotFoundHandler((request, reply) => {
    if (isPageNavigation(request)) return sendPage(reply);
    // Fastify's own 404, as before the UI existed.
    return reply.code(404).send({
      message: `Route ${request.method}:${request.url} not found`,
      error: 'Not Found',
      statusCode: 404,
    });
  });

  await app.register(async (scope) => {
    scope.get('/', async (_request, reply) => sendPage(reply));
    scope.addHook('onSend', async (_request, reply) => setSecurityHeaders(reply));
    // serve: false: no routes of its own, only reply.sendFile for the names checked below.
    await scope.register(fastifyStatic, {
      root: join(options.distDir, 'assets'),
      serve: false,
      index: false,
      serveDotFiles: false,
      // The file names hold a hash of their content: a changed file gets a new name.
      maxAge: 365 * 24 * 60 * 60 * 1000,
      immutable: true,
      preCompressed: true,
    });
    // Vite writes every asset flat into assets/: a name with a separator, `..` or a leading dot
    // (encoded or not) is refused before the file system is asked.
    scope.get<{ Params: { '*': string } }>(`${WEB_ASSETS_PREFIX}*`, (request, reply) => {
      const name = request.params['*'];
      if (!ASSET_NAME.test(name)) return reply.callNotFound();
      return reply.sendFile(name);
    });
  });
}

function isPageNavigation(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0] ?? '';
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !isApiPath(path) &&
    !path.startsWith(WEB_ASSETS_PREFIX) &&
    acceptsHtml(request)
  );
}

export const webUiPlugin = fastifyPlugin(webUi, { name: 'slipway-web-ui', fastify: '5.x' });
