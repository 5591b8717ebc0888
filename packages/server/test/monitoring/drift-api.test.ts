import { readFile } from 'node:fs/promises';
import { nativeRoutes as r } from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, call, openNativeHarness } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';

interface GoldenCase {
  name: string;
  reference: Array<number | string>;
  current: Array<number | string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expected: any;
}

const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    Math.max(1e-12, 1e-6 * Math.abs(expected)),
  );

describe('POST /api/v1/drift', () => {
  let h: NativeHarness;
  let cases: Map<string, GoldenCase>;
  beforeAll(async () => {
    h = await openNativeHarness({ bodyLimitBytes: 8 * 1024 * 1024, users: ['ana'] });
    const golden = JSON.parse(
      await readFile(
        new URL('../../../core/test/fixtures/drift-stats.json', import.meta.url),
        'utf8',
      ),
    ) as { cases: GoldenCase[] };
    cases = new Map(golden.cases.map((c) => [c.name, c]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it("uses Evidently's default for a large categorical column and matches SciPy's Jensen-Shannon distance", async () => {
    const c = cases.get('cat_drift')!;
    const res = await call(h, r.computeDrift, {
      body: { reference: { plan: c.reference }, current: { plan: c.current } },
      headers: as('ana'),
    });
    expect(res.status).toBe(200);
    const [plan] = res.json.columns;
    // 5,000 reference rows (over 1,000), categorical: jensenshannon, distance at or above 0.1 drifts.
    expect(plan).toMatchObject({
      column: 'plan',
      type: 'categorical',
      stattest: 'jensenshannon',
      scoreKind: 'distance',
      threshold: 0.1,
      driftDetected: true,
      referenceCount: 5000,
      currentCount: 4000,
    });
    near(plan.score, c.expected.jensen_shannon_distance_natural_log);
    expect(res.json).toMatchObject({ datasetDrift: true, driftShare: 1, numberOfColumns: 1 });
  });

  it('takes a test and threshold per column, and sends distributions when asked', async () => {
    const c = cases.get('normal_scale_change')!;
    const res = await call(h, r.computeDrift, {
      body: {
        reference: { x: c.reference, y: c.reference },
        current: { x: c.current, y: c.current },
        options: { stattest: 'ks', perColumn: { y: { stattest: 'wasserstein', threshold: 0.5 } } },
        distributions: true,
      },
    });
    expect(res.status).toBe(200);
    const [x, y] = res.json.columns;
    near(x.score, c.expected.ks.pvalue);
    expect(x).toMatchObject({ stattest: 'ks', driftDetected: true });
    near(y.score, c.expected.wasserstein_normed_by_ref_std);
    // 0.3055 is under the 0.5 asked for.
    expect(y).toMatchObject({ stattest: 'wasserstein', threshold: 0.5, driftDetected: false });
    const shares = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(shares(x.distribution.reference)).toBeCloseTo(1, 12);
    expect(shares(x.distribution.current)).toBeCloseTo(1, 12);
    expect(x.distribution.labels).toHaveLength(x.distribution.reference.length);
    expect(res.json).toMatchObject({ datasetDrift: true, driftShare: 0.5 });
  });

  it('answers bad requests with 400 and a message to act on', async () => {
    const uneven = await call(h, r.computeDrift, {
      body: { reference: { a: [1, 2], b: [1] }, current: { a: [1] } },
    });
    expect(uneven.status).toBe(400);
    expect(uneven.json.error.message).toContain(
      "columns differ in length: 'a' has 2 values, 'b' has 1",
    );
    const unknown = await call(h, r.computeDrift, {
      body: { reference: { a: [1, 2] }, current: { a: [1, 3] }, options: { stattest: 'kss' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain('must be one of ks, chisquare');
    const wrongType = await call(h, r.computeDrift, {
      body: {
        reference: { city: ['a', 'b', 'a', 'b', 'a'] },
        current: { city: ['a', 'a', 'b', 'a', 'a'] },
        options: { perColumn: { city: { stattest: 'ks' } } },
      },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.message).toContain(
      "Stattest 'ks' does not support categorical columns",
    );
    const notColumns = await call(h, r.computeDrift, {
      body: { reference: [1, 2], current: { a: [1] } },
    });
    expect(notColumns.status).toBe(400);
    const nested = await call(h, r.computeDrift, {
      body: { reference: { a: [{ x: 1 }] }, current: { a: [1] } },
    });
    expect(nested.status).toBe(400);
  });

  it('needs credentials when authentication is on', async () => {
    const res = await call(h, r.computeDrift, {
      body: { reference: { a: [1] }, current: { a: [2] } },
      headers: { authorization: 'Basic bm9ib2R5Om5vcGU=' },
    });
    expect(res.status).toBe(401);
  });
});
