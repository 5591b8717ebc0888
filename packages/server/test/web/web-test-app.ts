import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/http/build-app.js';
import { openPlatform } from '../../src/platform.js';
import type { Platform } from '../../src/platform.js';

export const ADMIN_PASSWORD = 'admin-password-123';
export const INDEX_HTML = '<!doctype html><title>Slipway</title><div id="root"></div>';
export const ASSET = 'app-3f9c2a1b.js';
export const ASSET_JS = `console.log(${JSON.stringify('x'.repeat(2000))});\n`;
/** A file beside the built UI that no request may ever read. */
export const SECRET = 'secret-beside-the-ui';

export interface WebTestApp {
  app: FastifyInstance;
  /** The directory holding dist/ (and the secret file next to it). */
  dir: string;
  close(): Promise<void>;
}

export interface WebTestAppOptions {
  /** `built`: index.html and assets; `missing`: the directory does not exist; `off`: no UI. */
  ui: 'built' | 'missing' | 'off';
  authEnabled?: boolean;
}

/** The real HTTP app on a real platform (SQLite in a temp dir), with a small built UI. */
export async function startWebTestApp(options: WebTestAppOptions): Promise<WebTestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-web-'));
  const distDir = join(dir, 'ui', 'dist');
  await mkdir(join(dir, 'ui'), { recursive: true });
  await writeFile(join(dir, 'secret.txt'), SECRET);
  await writeFile(join(dir, 'ui', 'secret.txt'), SECRET);
  if (options.ui === 'built') {
    await mkdir(join(distDir, 'assets'), { recursive: true });
    await writeFile(join(distDir, 'index.html'), INDEX_HTML);
    await writeFile(join(distDir, 'assets', ASSET), ASSET_JS);
    await writeFile(join(distDir, 'assets', `${ASSET}.gz`), gzipSync(ASSET_JS));
  }
  const authEnabled = options.authEnabled ?? false;
  const platform: Platform = await openPlatform({
    authEnabled,
    adminPassword: ADMIN_PASSWORD,
    backendStoreUri: `sqlite:${join(dir, 'slipway.db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    modelCacheDir: join(dir, 'model-cache'),
    workerPoolSize: 1,
    deploymentSyncIntervalMs: 0,
    logLevel: 'error',
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: 1024 * 1024,
    artifactLimitBytes: 1024 * 1024,
    logLevel: 'silent',
    inference: platform.inference,
    webUiDir: options.ui === 'off' ? undefined : distDir,
  });
  await app.ready();
  return {
    app,
    dir,
    async close() {
      await app.close();
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
