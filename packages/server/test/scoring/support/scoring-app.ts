import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../../src/http/build-app.js';
import { scoringPlugin } from '../../../src/http/scoring/scoring-plugin.js';
import type { ScoringPluginOptions } from '../../../src/http/scoring/scoring-plugin.js';
import { openPlatform } from '../../../src/platform.js';

export interface ScoringTestApp {
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The real HTTP app on a throwaway SQLite platform, with the scoring plugin registered. */
export async function startScoringApp(options: ScoringPluginOptions): Promise<ScoringTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-scoring-app-'));
  const platform = await openPlatform({
    backendStoreUri: `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: 1024 * 1024,
    artifactLimitBytes: 1024 * 1024,
    logLevel: 'silent',
  });
  await app.register(scoringPlugin, options);
  await app.ready();
  return {
    app,
    async close() {
      try {
        await app.close();
        await platform.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
