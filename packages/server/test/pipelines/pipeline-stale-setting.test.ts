import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '@slipway/server';
import { failsWith, planned } from './pipeline-fixtures.js';
import { openPipelineServer } from './pipeline-test-server.js';
import type { PipelineTestServer } from './pipeline-test-server.js';

describe('the pipeline stale limit setting', () => {
  let server: PipelineTestServer;

  beforeAll(async () => {
    const config = loadServerConfig({}, { SLIPWAY_PIPELINE_STALE_AFTER_MS: '5000' });
    expect(config.pipelineStaleAfterMs).toBe(5000);
    server = await openPipelineServer([], { pipelineStaleAfterMs: config.pipelineStaleAfterMs });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets another worker take a step over after SLIPWAY_PIPELINE_STALE_AFTER_MS, not before', async () => {
    const p = server.admin.pipelines;
    const { runId } = await p.createRun({ pipeline: 'stale-setting', steps: [planned('s')] });
    await p.startStep(runId, 's', { worker: 'lost' });
    server.advance(4_000);
    await failsWith(p.startStep(runId, 's', { worker: 'fresh' }), 'CONFLICT');
    server.advance(1_500);
    expect(await p.startStep(runId, 's', { worker: 'fresh' })).toMatchObject({
      worker: 'fresh',
      attempt: 2,
    });
  });

  it('refuses a limit under a second with the setting named', () => {
    expect(() => loadServerConfig({}, { SLIPWAY_PIPELINE_STALE_AFTER_MS: '10' })).toThrow(
      /pipelineStaleAfterMs: must be at least 1000 milliseconds.*SLIPWAY_PIPELINE_STALE_AFTER_MS/u,
    );
  });
});
