import { describe, expect, it } from 'vitest';
import type { Metric } from '@slipway/core';
import { sampleMetricHistories } from '../../src/services/metric-history-sampling.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import { metric, newExperiment, newRun, useTrackingEnv } from './tracking-fixtures.js';
import type { TrackingEnv } from './tracking-fixtures.js';

/** Logs `steps` of `key` to a run (value = step, timestamp = 1000 + step), 1,000 per batch. */
async function logSteps(env: TrackingEnv, runId: string, steps: readonly number[], key = 'loss') {
  for (let i = 0; i < steps.length; i += 1000) {
    const metrics = steps.slice(i, i + 1000).map((s) => metric(key, s, s, 1000 + s));
    await env.runs.logBatch(runId, { metrics, params: [], tags: [] });
  }
}

async function runWithSteps(env: TrackingEnv, experimentId: string, steps: readonly number[]) {
  const { info } = await newRun(env, experimentId);
  await logSteps(env, info.runId, steps);
  return info.runId;
}

function range(from: number, to: number, stride = 1): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s += stride) out.push(s);
  return out;
}

const stepsOf = (metrics: readonly Metric[]) => metrics.map((m) => m.step);

describe.each(SQL_BACKENDS)('MetricStepStore contract ($name)', (backend) => {
  describe('primitives', () => {
    const env = useTrackingEnv(backend);

    it('summarises each run: first and last step overall, distinct steps inside the range', async () => {
      const exp = await newExperiment(env);
      const a = await runWithSteps(env, exp.experimentId, [-3, 0, 2, 4, 7]);
      // Step 4 a second time at another timestamp: still one distinct step.
      await env.runs.logBatch(a, { metrics: [metric('loss', 9, 4, 5000)], params: [], tags: [] });
      const b = await runWithSteps(env, exp.experimentId, [10]);
      const empty = (await newRun(env, exp.experimentId)).info.runId;
      const summaries = await env.runs.summarizeMetricSteps([b, a, empty, a], 'loss', {
        start: 0,
        end: 5,
      });
      expect(summaries).toEqual([
        { runId: b, first: 10, last: 10, count: 0, min: undefined, max: undefined },
        { runId: a, first: -3, last: 7, count: 3, min: 0, max: 4 },
        {
          runId: empty,
          first: undefined,
          last: undefined,
          count: 0,
          min: undefined,
          max: undefined,
        },
      ]);
      const open = await env.runs.summarizeMetricSteps([a], 'loss', { start: 0 });
      expect(open[0]).toMatchObject({ count: 4, min: 0, max: 7 });
    });

    it("samples the distinct steps of several runs together, with MLflow's positions", async () => {
      const exp = await newExperiment(env);
      const a = await runWithSteps(env, exp.experimentId, [0, 2, 4, 6]);
      const b = await runWithSteps(env, exp.experimentId, [1, 2, 3, 8]);
      // Together: 0 1 2 3 4 6 8 (7 distinct steps; 2 is shared).
      expect(await env.runs.sampleMetricSteps([a, b], 'loss', { start: 0 }, 7)).toEqual({
        count: 7,
        steps: [0, 1, 2, 3, 4, 6, 8],
      });
      // Interval 7 / 3: positions 0, 2 (2.33), 4 (4.67) and the last, 6.
      expect(await env.runs.sampleMetricSteps([a, b], 'loss', { start: 0 }, 3)).toEqual({
        count: 7,
        steps: [0, 2, 4, 8],
      });
      // Inside 2..6: 2 3 4 6; interval 2: positions 0 and the last.
      expect(await env.runs.sampleMetricSteps([a, b], 'loss', { start: 2, end: 6 }, 1)).toEqual({
        count: 4,
        steps: [2, 6],
      });
      expect(await env.runs.sampleMetricSteps([a, b], 'other', { start: 0 }, 3)).toEqual({
        count: 0,
        steps: [],
      });
    });

    it('truncates doubles as Python does when picking positions', async () => {
      const exp = await newExperiment(env);
      // 122 steps, every third step number, so they are numbered in the database.
      const a = await runWithSteps(env, exp.experimentId, range(0, 363, 3));
      // 122 / 14 = 8.714285714285714 in doubles and 7 times that is 60.99999999999999, so the
      // eighth position is 60 (step 180), not the exact 61 (step 183).
      const { count, steps } = await env.runs.sampleMetricSteps([a], 'loss', { start: 0 }, 14);
      expect(count).toBe(122);
      const positions = [0, 8, 17, 26, 34, 43, 52, 60, 69, 78, 87, 95, 104, 113, 121];
      expect(steps).toEqual(positions.map((p) => p * 3));
    });

    it('reads one run at given steps or in a range, by step then timestamp, up to a limit', async () => {
      const exp = await newExperiment(env);
      const a = await runWithSteps(env, exp.experimentId, [0, 1, 2, 3, 4, 5]);
      await env.runs.logBatch(a, {
        metrics: [metric('loss', Number.NaN, 3, 900), metric('loss', 7, 3, 2000)],
        params: [],
        tags: [],
      });
      const at = await env.runs.metricPointsAt(a, 'loss', { steps: [5, 3, 42] }, 100);
      expect(at.map((m) => [m.step, m.timestamp])).toEqual([
        [3, 900],
        [3, 1003],
        [3, 2000],
        [5, 1005],
      ]);
      expect(at[0]?.value).toBeNaN();
      const inRange = await env.runs.metricPointsAt(a, 'loss', { range: { start: 1, end: 3 } }, 3);
      expect(inRange.map((m) => [m.step, m.timestamp])).toEqual([
        [1, 1001],
        [2, 1002],
        [3, 900],
      ]);
      expect(await env.runs.metricPointsAt(a, 'loss', { steps: [] }, 10)).toEqual([]);
    });
  });

  describe("MLflow's sampling rule, computed by hand", () => {
    const env = useTrackingEnv(backend);

    it('samples the union of steps and keeps each run’s first and last step', async () => {
      const exp = await newExperiment(env);
      // MLflow's golden case: steps 0 1 2 3 4 and 0 10, max_results 2.
      const a = await runWithSteps(env, exp.experimentId, [0, 1, 2, 3, 4]);
      const b = await runWithSteps(env, exp.experimentId, [0, 10]);
      const histories = await sampleMetricHistories(env.runs, {
        runIds: [a, b],
        key: 'loss',
        maxResults: 2,
      });
      // 6 distinct steps 0 1 2 3 4 10; interval 3: positions 0, 3 and the last (5) = steps 0 3 10;
      // plus the ends 0 4 (a) and 0 10 (b).
      expect(histories.map((h) => [h.runId, stepsOf(h.metrics)])).toEqual([
        [a, [0, 3, 4]],
        [b, [0, 10]],
      ]);
      expect(histories[0]?.metrics[1]).toEqual({ key: 'loss', value: 3, step: 3, timestamp: 1003 });
    });

    it('numbers gapped steps in the database, with and without a range', async () => {
      const exp = await newExperiment(env);
      const a = await runWithSteps(env, exp.experimentId, range(0, 18, 2));
      const b = await runWithSteps(env, exp.experimentId, [1, 3, 5]);
      const all = await sampleMetricHistories(env.runs, {
        runIds: [a, b],
        key: 'loss',
        maxResults: 4,
      });
      // Union 0 1 2 3 4 5 6 8 10 12 14 16 18 (13 steps); interval 3.25: positions 0 3 6 9 and 12
      // = steps 0 3 6 12 18; ends 0 18 (a) and 1 5 (b).
      expect(all.map((h) => stepsOf(h.metrics))).toEqual([
        [0, 6, 12, 18],
        [1, 3, 5],
      ]);
      const zoomed = await sampleMetricHistories(env.runs, {
        runIds: [a, b],
        key: 'loss',
        maxResults: 4,
        range: { startStep: 2, endStep: 14 },
      });
      // In range: 2 3 4 5 6 8 10 12 14 (9 steps); interval 2.25: positions 0 2 4 6 and 8 = steps
      // 2 4 6 10 14; of the ends only b's last (5) is inside.
      expect(zoomed.map((h) => stepsOf(h.metrics))).toEqual([[2, 4, 6, 10, 14], [5]]);
    });

    it('maps positions through contiguous runs without numbering steps', async () => {
      const exp = await newExperiment(env);
      const a = await runWithSteps(env, exp.experimentId, range(0, 9));
      const b = await runWithSteps(env, exp.experimentId, range(20, 25));
      const histories = await sampleMetricHistories(env.runs, {
        runIds: [b, a],
        key: 'loss',
        maxResults: 5,
      });
      // 16 steps (0..9, 20..25); interval 3.2: positions 0 3 6 9 12 and 15 = steps 0 3 6 9 22 25;
      // ends 0 9 20 25.
      expect(histories.map((h) => [h.runId, stepsOf(h.metrics)])).toEqual([
        [b, [20, 22, 25]],
        [a, [0, 3, 6, 9]],
      ]);
    });

    it('starts at step 0 without a range, as MLflow does, and keeps every step under the cap', async () => {
      const exp = await newExperiment(env);
      const a = await runWithSteps(env, exp.experimentId, range(-5, 5));
      const sampled = await sampleMetricHistories(env.runs, {
        runIds: [a],
        key: 'loss',
        maxResults: 2,
      });
      // Steps 0..5 count (6); interval 3: positions 0 3 and 5 = steps 0 3 5; first (-5) is outside.
      expect(stepsOf(sampled[0]?.metrics ?? [])).toEqual([0, 3, 5]);
      const everything = await sampleMetricHistories(env.runs, {
        runIds: [a, a],
        key: 'loss',
        maxResults: 6,
      });
      expect(everything.map((h) => stepsOf(h.metrics))).toEqual([range(0, 5), range(0, 5)]);
    });
  });

  describe('a run of 100,000 steps', () => {
    const env = useTrackingEnv(backend, 'suite');
    let long: string;
    let evens: string;

    it('seeds 100,000 steps and 100,000 even steps', { timeout: 120_000 }, async () => {
      const exp = await newExperiment(env);
      long = await runWithSteps(env, exp.experimentId, range(0, 99_999));
      evens = await runWithSteps(env, exp.experimentId, range(0, 199_998, 2));
      const sample = await env.runs.sampleMetricSteps([long, evens], 'loss', { start: 0 }, 2500);
      expect(sample.count).toBe(150_000);
    });

    it('answers max_results steps spread evenly, plus the last one', async () => {
      const [history] = await sampleMetricHistories(env.runs, {
        runIds: [long],
        key: 'loss',
        maxResults: 1000,
      });
      const steps = stepsOf(history?.metrics ?? []);
      // MLflow's rule keeps max_results positions (every 100th step) and adds the last step, so
      // the answer has max_results + 1 points, never more: 0, 100, ..., 99,900 and 99,999.
      expect(steps).toEqual([...range(0, 99_900, 100), 99_999]);
      expect(steps[0]).toBe(0);
      expect(steps.at(-1)).toBe(99_999);
    });

    it('samples two long runs with a gap, numbering 150,000 distinct steps', async () => {
      const histories = await sampleMetricHistories(env.runs, {
        runIds: [long, evens],
        key: 'loss',
        maxResults: 1000,
      });
      // Union: 0..99,999 then the even steps up to 199,998: 150,000 steps, interval 150. Position
      // p is step p below 100,000 and 100,000 + 2 (p - 100,000) above; the last is 199,998.
      const sampled = range(0, 999).map((i) => {
        const p = i * 150;
        return p < 100_000 ? p : 100_000 + 2 * (p - 100_000);
      });
      const union = [...sampled, 99_999, 199_998].sort((x, y) => x - y);
      expect(stepsOf(histories[0]?.metrics ?? [])).toEqual(union.filter((s) => s <= 99_999));
      expect(stepsOf(histories[1]?.metrics ?? [])).toEqual(union.filter((s) => s % 2 === 0));
      for (const history of histories) {
        expect(history.metrics.length).toBeLessThanOrEqual(1000 + 2);
      }
      expect(stepsOf(histories[1]?.metrics ?? []).at(-1)).toBe(199_998);
    });

    it('samples a zoomed range of the long run', async () => {
      const [history] = await sampleMetricHistories(env.runs, {
        runIds: [long],
        key: 'loss',
        maxResults: 10,
        range: { startStep: 50_000, endStep: 50_099 },
      });
      // 100 steps in range, interval 10: 50,000, 50,010, ..., 50,090 and the last, 50,099.
      expect(stepsOf(history?.metrics ?? [])).toEqual([...range(50_000, 50_090, 10), 50_099]);
    });
  });
});
