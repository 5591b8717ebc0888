import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

describe('slipway worker', () => {
  it('needs a queue', async () => {
    const result = await runCli(['worker'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('slipway worker needs --queue redis://host:port');
  });

  it('refuses credentials without a server of its own, so a queue message cannot name where they go', async () => {
    const envs: Record<string, string>[] = [
      { SLIPWAY_TOKEN: 'secret' },
      { MLFLOW_TRACKING_USERNAME: 'ada', MLFLOW_TRACKING_PASSWORD: 'pw' },
    ];
    for (const env of envs) {
      const result = await runCli(['worker', '--queue', 'redis://127.0.0.1:6379'], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /has credentials \(.+\) but no server: set --url or SLIPWAY_URL/u,
      );
    }
  });
});
