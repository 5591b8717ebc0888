import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/config/config.js';
import {
  ADMIN_PASSWORD,
  ASSET,
  ASSET_JS,
  INDEX_HTML,
  SECRET,
  startWebTestApp,
} from './web-test-app.js';
import type { WebTestApp } from './web-test-app.js';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const basic = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
}

describe('the web UI served by the server', () => {
  let t: WebTestApp;
  beforeAll(async () => {
    t = await startWebTestApp({ ui: 'built' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves index.html at / with no-cache and a strict Content-Security-Policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/', headers: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/u);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(res.headers);
  });

  it('serves hashed assets as immutable for a year, compressed when the browser accepts it', async () => {
    const plain = await t.app.inject({ method: 'GET', url: `/assets/${ASSET}` });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(ASSET_JS);
    expect(plain.headers['content-type']).toMatch(/javascript/u);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(plain.headers);
    const gz = await t.app.inject({
      method: 'GET',
      url: `/assets/${ASSET}`,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/experiments', '/experiments/12?q=fraud&view=deleted', '/admin/users/ada', '/login'])(
    'answers the client route %s with index.html',
    async (url) => {
      const res = await t.app.inject({ method: 'GET', url, headers: HTML });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(INDEX_HTML);
      expect(res.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(res.headers);
    },
  );

  it('answers a non-page request for an unknown path with the JSON 404 it had before', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/experiments/12' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'Not Found', statusCode: 404 });
    const missingAsset = await t.app.inject({
      method: 'GET',
      url: '/assets/nope.js',
      headers: HTML,
    });
    expect(missingAsset.statusCode).toBe(404);
    expect(missingAsset.body).not.toContain(INDEX_HTML);
  });

  it('keeps the APIs’ own 404s for unknown API paths, even from a browser', async () => {
    const native = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: HTML });
    expect(native.statusCode).toBe(404);
    expect(native.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const url of ['/api/2.0/mlflow/nope', '/ajax-api/2.0/mlflow/nope']) {
      const mlflow = await t.app.inject({ method: 'GET', url, headers: HTML });
      expect(mlflow.statusCode, url).toBe(404);
      expect(mlflow.json(), url).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
    }
    const oip = await t.app.inject({ method: 'GET', url: '/v2/nope', headers: HTML });
    expect(oip.statusCode).toBe(404);
    expect(oip.json()).toHaveProperty('error');
    for (const url of ['/invocations', '/metrics/x', '/health/x', '/version/x', '/api']) {
      const res = await t.app.inject({ method: 'GET', url, headers: HTML });
      expect(res.body, url).not.toContain(INDEX_HTML);
      expect(res.headers['content-type'], url).toMatch(/json/u);
    }
  });

  it.each([
    '/assets/../secret.txt',
    '/assets/../../secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets//etc/passwd',
    '/assets/%00../secret.txt',
  ])('never serves a file outside the built assets: %s', async (url) => {
    for (const headers of [{}, HTML]) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.body, url).not.toContain(SECRET);
      expect(res.body, url).not.toContain('root:');
      expect([200, 400, 404], url).toContain(res.statusCode);
      // Only the page itself may answer (a navigation to a path the router does not know).
      if (res.statusCode === 200) expect(res.body, url).toBe(INDEX_HTML);
    }
  });
  // Last in this block: it rebuilds the UI under the running server.
  it('serves a rebuild made while the server runs, without a restart', async () => {
    const distDir = join(t.dir, 'ui', 'dist');
    const rebuiltHtml =
      '<!doctype html><title>Slipway</title><script src="/assets/app-77aa11bb.js"></script>';
    await rm(join(distDir, 'assets', ASSET));
    await rm(join(distDir, 'assets', `${ASSET}.gz`));
    await writeFile(join(distDir, 'assets', 'app-77aa11bb.js'), 'console.log("rebuilt");\n');
    await writeFile(join(distDir, 'index.html'), rebuiltHtml);
    const page = await t.app.inject({ method: 'GET', url: '/experiments', headers: HTML });
    expect(page.body).toBe(rebuiltHtml);
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-77aa11bb.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log("rebuilt");\n');
    const gone = await t.app.inject({ method: 'GET', url: `/assets/${ASSET}` });
    expect(gone.statusCode).toBe(404);
  });
});

describe('the web UI with authentication on', () => {
  let t: WebTestApp;
  beforeAll(async () => {
    t = await startWebTestApp({ ui: 'built', authEnabled: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the page, its assets and client routes without credentials', async () => {
    for (const url of ['/', '/login', '/experiments/3']) {
      const res = await t.app.inject({ method: 'GET', url, headers: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['www-authenticate'], url).toBeUndefined();
    }
    const asset = await t.app.inject({ method: 'GET', url: `/assets/${ASSET}` });
    expect(asset.statusCode).toBe(200);
  });

  it('still refuses every API request without credentials, from a browser too', async () => {
    for (const url of [
      '/api/v1/experiments',
      '/api/v1/nope',
      '/api/2.0/mlflow/experiments/search',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: HTML });
      expect(res.statusCode, url).toBe(401);
    }
    const post = await t.app.inject({ method: 'POST', url: '/', headers: HTML });
    expect(post.statusCode).toBe(401);
    const withAuth = await t.app.inject({
      method: 'GET',
      url: '/api/v1/experiments',
      headers: { authorization: basic },
    });
    expect(withAuth.statusCode).toBe(200);
  });
});

describe('the web UI switched off or not built', () => {
  it('leaves / to the APIs when off', async () => {
    const t = await startWebTestApp({ ui: 'off' });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/', headers: HTML });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404 });
      const client = await t.app.inject({ method: 'GET', url: '/experiments', headers: HTML });
      expect(client.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('starts without a build and says how to make one', async () => {
    const t = await startWebTestApp({ ui: 'missing' });
    try {
      for (const url of ['/', '/experiments']) {
        const res = await t.app.inject({ method: 'GET', url, headers: HTML });
        expect(res.statusCode, url).toBe(404);
        expect(res.body, url).toContain('npm run build');
      }
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/experiments' });
      expect(api.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('reads the switch from --ui and SLIPWAY_UI, on by default', () => {
    expect(loadServerConfig({}, {}).ui).toBe(true);
    expect(loadServerConfig({}, { SLIPWAY_UI: 'off' }).ui).toBe(false);
    expect(loadServerConfig({ ui: 'off' }, { SLIPWAY_UI: 'on' }).ui).toBe(false);
    expect(() => loadServerConfig({}, { SLIPWAY_UI: 'maybe' })).toThrow(/--ui \/ SLIPWAY_UI/u);
  });
});
