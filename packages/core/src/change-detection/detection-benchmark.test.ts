import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { detections, makeStream, outcome } from '../../test/fixtures/change-detection-streams.js';
import type { StreamKind } from '../../test/fixtures/change-detection-streams.js';
import { createDetector } from './create-detector.js';

interface BenchmarkCase {
  detector: string;
  stream: StreamKind;
  length: number;
  changeAt: number | null;
  detectedWithin: { delay: number; seeds: number } | null;
  maxFalseAlarms: number;
  observed: { seed: number; delay: number | null; falseAlarms: number }[];
}

// Loaded with require: core's lint keeps file-system access out of core, tests included.
const fixture = createRequire(import.meta.url)(
  '../../test/fixtures/change-detection-benchmark.json',
) as { seeds: number[]; cases: BenchmarkCase[] };

// Bounds come from the reasoning recorded in the fixture; the runs are checked against them,
// not against the numbers recorded from an earlier run.
describe('detection delay and false alarms on seeded synthetic streams', () => {
  it.each(fixture.cases.map((c) => [`${c.detector} on ${c.stream}`, c] as const))(
    '%s stays within the recorded bounds',
    (_title, c) => {
      const runs = fixture.seeds.map((seed) => {
        const spec = { kind: c.stream, length: c.length, changeAt: c.changeAt, seed };
        return outcome(detections(createDetector(c.detector), makeStream(spec)), spec);
      });
      for (const run of runs) expect(run.falseAlarms).toBeLessThanOrEqual(c.maxFalseAlarms);
      if (c.detectedWithin === null) {
        expect(runs.every((run) => run.delay === null)).toBe(true);
        return;
      }
      const { delay, seeds } = c.detectedWithin;
      const inTime = runs.filter((run) => run.delay !== null && run.delay <= delay);
      expect(inTime.length).toBeGreaterThanOrEqual(seeds);
    },
  );

  it('covers every detector on a change and on a stationary stream', () => {
    const covered = new Set(fixture.cases.map((c) => `${c.detector}/${c.changeAt === null}`));
    for (const name of ['adwin', 'ddm', 'eddm', 'page-hinkley', 'kswin']) {
      expect(covered.has(`${name}/true`)).toBe(true);
      expect(covered.has(`${name}/false`)).toBe(true);
    }
  });
});
