import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { PipelineStepsState } from '@slipway/sdk';
import { STEP_QUEUE_NAME, stepJobId, stepKeyOfJob } from '../src/pipelines/queue/queue-location.js';
import type { StepJobData } from '../src/pipelines/queue/queue-location.js';
import { readSteps } from '../src/pipelines/queue/read-steps.js';
import { StepChanges } from '../src/pipelines/queue/step-changes.js';
import { openStepQueue } from '../src/pipelines/queue/step-queue.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `slipway-test-${randomUUID().slice(0, 8)}`;

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('step job ids', () => {
  it('give back the step key of a job of the run, and nothing for another run', () => {
    for (const key of ['train', 'fan[3]', 'a.b.7', 'weird: key, 9%']) {
      expect(stepKeyOfJob('run1', stepJobId('run1', key, 2))).toBe(key);
      expect(stepKeyOfJob('run1', stepJobId('run1', key, 3, 1))).toBe(key);
      expect(stepKeyOfJob('run2', stepJobId('run1', key, 2))).toBeUndefined();
    }
    expect(stepKeyOfJob('run1', 'run1.no-attempt')).toBeUndefined();
  });
});

describe('reading steps by key', () => {
  it('splits a long key list so every URL stays short, and asks nothing for no keys', async () => {
    const calls: string[][] = [];
    const pipelines = {
      async getSteps(_runId: string, keys: readonly string[]): Promise<PipelineStepsState> {
        calls.push([...keys]);
        const steps = keys.map((key) => ({ key }) as PipelineStepsState['steps'][number]);
        return { steps, runStatus: 'running', cancelRequested: calls.length > 1 };
      },
    };
    expect(await readSteps(pipelines, 'r', [])).toBeUndefined();
    const keys = Array.from({ length: 1200 }, (_, i) => `step-with-a-longish-name-${i}`);
    const state = await readSteps(pipelines, 'r', keys);
    expect(state?.steps.map((s) => s.key)).toEqual(keys);
    expect(state?.cancelRequested).toBe(true);
    expect(calls.length).toBeGreaterThan(2);
    for (const call of calls) {
      expect(call.length).toBeLessThanOrEqual(500);
      expect(call.map((k) => `key=${encodeURIComponent(k)}&`).join('').length).toBeLessThan(8000);
    }
  });
});

describe('queue events', () => {
  it("wake the orchestrator's sleep when a job of its run completes", async () => {
    const queue = await openStepQueue({ url: REDIS_URL, prefix });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker<StepJobData>(STEP_QUEUE_NAME, async () => 'done', {
      connection,
      prefix,
    });
    const changes = new StepChanges();
    try {
      changes.watch(queue, 'run-a');
      const data: StepJobData = {
        serverUrl: 'http://127.0.0.1:1',
        runId: 'run-a',
        stepKey: 'fit',
        code: '',
        cacheKey: 'k',
        cacheParts: {} as StepJobData['cacheParts'],
      };
      const seen = new Set<string>();
      // Events from before the listener is up are lost: add a job per round until one is seen.
      // Only events mark keys (nothing polls here), so a broken listener never ends the loop.
      for (let attempt = 1; !seen.has('fit'); attempt += 1) {
        await queue.add({ ...data, runId: 'run-b' }, stepJobId('run-b', 'other', attempt));
        await queue.add(data, stepJobId('run-a', 'fit', attempt));
        await changes.sleep(1000);
        for (const key of changes.take(() => true)) seen.add(key);
      }
      expect(seen.has('other')).toBe(false);
    } finally {
      await changes.close();
      await worker.close();
      await queue.close();
      await connection.quit();
    }
  });
});
