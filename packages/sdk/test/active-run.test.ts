import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlipwayClient, SlipwayError } from '@slipway/sdk';
import { recordingFetch, startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';

let server: TestServer;
let client: SlipwayClient;
beforeAll(async () => {
  server = await startTestServer();
  client = new SlipwayClient({ baseUrl: server.url });
});
afterAll(async () => server.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ActiveRun', () => {
  it('batches 2500 buffered metrics into log-batch calls of at most 1000, one at a time', async () => {
    const recorder = recordingFetch();
    const recorded = new SlipwayClient({ baseUrl: server.url, fetch: recorder.fetch });
    const run = await recorded.startRun({ experimentName: 'batching', runName: 'many' });
    for (let step = 0; step < 2500; step++) run.logMetric('loss', 1 / (step + 1), { step });
    const info = await run.end();
    expect(info.status).toBe('FINISHED');

    const history = await client.runs.getFullMetricHistory(run.runId, 'loss');
    expect(history).toHaveLength(2500);
    expect(history.map((m) => m.step)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(history[9]?.value).toBeCloseTo(1 / 10);

    const batches = recorder.requests.filter((r) => r.url.endsWith('/log-batch'));
    const sizes = batches.map(
      (r) => (JSON.parse(String(r.body)) as { metrics: unknown[] }).metrics.length,
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2500);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(recorder.maxConcurrent()).toBe(1);
    // end() comes after every batch.
    expect(recorder.requests.at(-1)?.method).toBe('PATCH');
  });

  it('flushes a partial batch in the background without end()', async () => {
    const run = await client.startRun({ flushIntervalMs: 20 });
    run.logMetrics({ a: 1, b: 2 }, { step: 7 });
    let latest: string[] = [];
    for (let i = 0; i < 100 && latest.length < 2; i++) {
      await sleep(20);
      latest = (await client.runs.get(run.runId)).data.metrics.map((m) => m.key).sort();
    }
    expect(latest).toEqual(['a', 'b']);
    await run.end();
  });

  it('creates the named experiment on first use and reuses it afterwards', async () => {
    const first = await client.startRun({ experimentName: 'auto-created' });
    const second = await client.startRun({ experimentName: 'auto-created' });
    expect(second.run.info.experimentId).toBe(first.run.info.experimentId);
    const exp = await client.experiments.getByName('auto-created');
    expect(exp.experimentId).toBe(first.run.info.experimentId);
    await first.end();
    await second.end('KILLED');
    expect((await client.runs.get(second.runId)).info.status).toBe('KILLED');
  });

  it('logs params, tags and artifacts immediately', async () => {
    const run = await client.startRun({ tags: [{ key: 'origin', value: 'test' }] });
    await run.logParams({ lr: 0.01, epochs: 3, shuffle: true });
    await run.logParam('optimizer', 'adam');
    await run.setTag('phase', 'train');
    await run.logArtifact('out/report.txt', 'ok');
    const got = await client.runs.get(run.runId);
    expect(got.data.params).toEqual([
      { key: 'epochs', value: '3' },
      { key: 'lr', value: '0.01' },
      { key: 'optimizer', value: 'adam' },
      { key: 'shuffle', value: 'true' },
    ]);
    expect(got.data.tags).toContainEqual({ key: 'phase', value: 'train' });
    expect(got.data.tags).toContainEqual({ key: 'origin', value: 'test' });
    expect(
      new TextDecoder().decode(await client.artifacts.download(run.runId, 'out/report.txt')),
    ).toBe('ok');
    await run.end();
  });

  it('surfaces a failed background flush on the next call, then keeps working', async () => {
    const run = await client.startRun({ flushIntervalMs: 10 });
    await client.runs.delete(run.runId);
    run.logMetric('m', 1);
    let thrown: unknown;
    for (let i = 0; i < 200 && thrown === undefined; i++) {
      await sleep(10);
      try {
        run.logMetric('m', 2);
      } catch (err) {
        thrown = err;
      }
    }
    expect(thrown).toBeInstanceOf(SlipwayError);
    expect((thrown as SlipwayError).code).toBe('INVALID_ARGUMENT');
    await client.runs.restore(run.runId);
    run.logMetric('m', 3, { step: 1 });
    await run.flush();
    const history = await client.runs.getFullMetricHistory(run.runId, 'm');
    expect(history.map((m) => m.value)).toContain(3);
    await run.end();
  });

  it('reports a failed final flush from end(), after ending the run', async () => {
    const run = await client.startRun({ flushIntervalMs: 60_000 });
    // The client does not check timestamps; the server refuses a fractional one, so only the
    // buffered batch fails while the status update still succeeds.
    run.logMetric('late', 1, { timestamp: 1.5 });
    const err = await run.end().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SlipwayError);
    expect((err as SlipwayError).code).toBe('INVALID_ARGUMENT');
    expect((err as SlipwayError).message).toContain('timestamp');
    const after = await client.runs.get(run.runId);
    expect(after.info.status).toBe('FINISHED');
    expect(after.data.metrics).toEqual([]);
    await expect(run.end()).rejects.toThrow(/already been ended/u);
    expect(() => run.logMetric('x', 1)).toThrow(/has ended/u);
  });

  it('rejects bad metrics at the call site', async () => {
    const run = await client.startRun();
    expect(() => run.logMetric('../bad', 1)).toThrow(SlipwayError);
    expect(() => run.logMetric('ok', '1' as unknown as number)).toThrow(/must be a number/u);
    expect(() => run.logMetric('ok', 1, { step: 1.5 })).toThrow(/non-integer step/u);
    await run.end();
  });

  it('withRun ends FINISHED on success and FAILED on throw, rethrowing', async () => {
    let okId = '';
    const value = await client.withRun({ experimentName: 'with-run' }, async (run) => {
      okId = run.runId;
      run.logMetric('score', 0.5);
      return 42;
    });
    expect(value).toBe(42);
    const ok = await client.runs.get(okId);
    expect(ok.info.status).toBe('FINISHED');
    expect(ok.data.metrics.map((m) => [m.key, m.value])).toEqual([['score', 0.5]]);

    let failedId = '';
    const boom = new Error('training diverged');
    await expect(
      client.withRun({ experimentName: 'with-run' }, async (run) => {
        failedId = run.runId;
        run.logMetric('loss', Number.NaN);
        throw boom;
      }),
    ).rejects.toBe(boom);
    const failed = await client.runs.get(failedId);
    expect(failed.info.status).toBe('FAILED');
    expect(failed.info.endTime).toBeGreaterThan(0);
    expect(Number.isNaN(failed.data.metrics[0]?.value)).toBe(true);
  });
});
