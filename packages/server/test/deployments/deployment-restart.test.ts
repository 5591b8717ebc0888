import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  constantPredictor,
  goldenBreastCancer,
  openDeploymentHarness,
} from './support/deployment-harness.js';
import type { DeploymentHarness, Golden } from './support/deployment-harness.js';

let dataDir: string;
let golden: Golden;

beforeAll(async () => {
  golden = await goldenBreastCancer();
  dataDir = await mkdtemp(join(tmpdir(), 'slipway-restart-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a server restart', () => {
  it('serves the same versions with the same runtime state, and reports what cannot load', async () => {
    let h: DeploymentHarness = await openDeploymentHarness({ dataDir });
    const banditArms: Record<string, number> = {};
    try {
      await h.registerBreastCancer('bc', false);
      await h.registerBreastCancer('bc', true);
      await h.register('gone', constantPredictor(0.25));
      await h.api('PUT', '/api/v1/models/bc/aliases/champion', { version: '1' });
      await h.apply({ name: 'fixed', policy: { type: 'single', model: 'models:/bc@champion' } });
      await h.apply({
        name: 'bg',
        policy: { type: 'blue-green', active: 'models:/bc/1', preview: 'models:/bc/2' },
      });
      expect((await h.api('POST', '/api/v1/deployments/bg/promote')).status).toBe(200);
      await h.apply({
        name: 'bandit',
        policy: {
          type: 'bandit',
          variants: [
            { name: 'a', model: 'models:/bc/1' },
            { name: 'b', model: 'models:/bc/2' },
          ],
        },
      });
      for (let i = 0; i < 6; i += 1) {
        await h.infer('bandit', golden.inputs.slice(0, 1), { id: `r${i}` });
        const fed = await h.api('POST', '/api/v1/deployments/bandit/feedback', {
          requestId: `r${i}`,
          reward: 1,
        });
        banditArms[fed.json.variant] = (banditArms[fed.json.variant] ?? 0) + 1;
      }
      await h.apply({ name: 'fragile', policy: { type: 'single', model: 'models:/gone/1' } });
      // Moved after applying: a restart must not pick it up by itself.
      await h.api('PUT', '/api/v1/models/bc/aliases/champion', { version: '2' });
    } finally {
      await h.close();
    }
    // The files of `gone` vanish from the artifact store and the local cache while the server is down.
    await rm(join(dataDir, 'artifacts', 'models', 'gone'), { recursive: true, force: true });
    await rm(join(dataDir, 'model-cache'), { recursive: true, force: true });

    h = await openDeploymentHarness({ dataDir });
    try {
      expect((await h.infer('fixed', golden.inputs.slice(0, 1))).version).toBe('1');
      expect((await h.infer('bg', golden.inputs.slice(0, 1))).version).toBe('2');
      const bg = (await h.api('GET', '/api/v1/deployments/bg')).json.deployment;
      expect(bg.blueGreen).toEqual({ active: 'green', preview: 'blue' });
      const bandit = (await h.api('GET', '/api/v1/deployments/bandit')).json.deployment;
      expect(
        Object.fromEntries(
          bandit.bandit.arms
            .filter((a: { pulls: number }) => a.pulls > 0)
            .map((a: { id: string; pulls: number }) => [a.id, a.pulls]),
        ),
      ).toEqual(banditArms);

      const fragile = (await h.api('GET', '/api/v1/deployments/fragile')).json.deployment;
      expect(fragile.status).toBe('failed');
      expect(fragile.statusMessage).toContain("Cannot load model 'gone' version 1");
      const reply = await h.infer('fragile', golden.inputs.slice(0, 1));
      expect(reply.status).toBe(503);
      expect(reply.body.error).toContain('failed');
      const index = await h.api('POST', '/v2/repository/index', { ready: false });
      expect(index.json).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'fragile', state: 'UNAVAILABLE' }),
        ]),
      );
      // Applying it again to a version that exists repairs it.
      await h.apply({ name: 'fragile', policy: { type: 'single', model: 'models:/bc/2' } });
      expect((await h.infer('fragile', golden.inputs.slice(0, 1))).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
