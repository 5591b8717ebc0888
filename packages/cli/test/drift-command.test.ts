import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

interface GoldenCase {
  name: string;
  reference: number[];
  current: number[];
  expected: { ks: { statistic: number; pvalue: number }; wasserstein_normed_by_ref_std: number };
}

const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    Math.max(1e-12, 1e-6 * Math.abs(expected)),
  );

describe('slipway drift', () => {
  let dir: string;
  let shift: GoldenCase;
  let ref: string;
  let cur: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-drift-cli-'));
    const golden = JSON.parse(
      await readFile(new URL('../../core/test/fixtures/drift-stats.json', import.meta.url), 'utf8'),
    ) as { cases: GoldenCase[] };
    shift = golden.cases.find((c) => c.name === 'normal_mean_shift_small')!;
    // The same city mix on both sides (no drift), and a column only the reference has.
    const cities = ['oslo', 'bergen', 'tromsø'];
    ref = join(dir, 'ref.csv');
    cur = join(dir, 'cur.csv');
    await writeFile(
      ref,
      `x,city,only_ref\n${shift.reference.map((x, i) => `${x},${cities[i % 3]},1`).join('\n')}\n`,
    );
    await writeFile(
      cur,
      `x,city\n${shift.current.map((x, i) => `${x},${cities[i % 3]}`).join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("picks Evidently's test per column and matches SciPy's KS p-value, exit 0 with drift", async () => {
    const result = await runCli(['drift', '--reference', ref, '--current', cur, '--json'], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const x = report.columns.find((c: { column: string }) => c.column === 'x');
    // 400 reference rows (at most 1000) and many distinct values: ks.
    expect(x).toMatchObject({
      type: 'numerical',
      stattest: 'ks',
      scoreKind: 'p_value',
      threshold: 0.05,
    });
    near(x.score, shift.expected.ks.pvalue);
    expect(x.driftDetected).toBe(true);
    const city = report.columns.find((c: { column: string }) => c.column === 'city');
    expect(city).toMatchObject({
      type: 'categorical',
      stattest: 'chisquare',
      driftDetected: false,
    });
    const onlyRef = report.columns.find((c: { column: string }) => c.column === 'only_ref');
    expect(onlyRef.skipped).toMatch(/current/u);
    expect(report).toMatchObject({
      numberOfColumns: 2,
      numberOfDriftedColumns: 1,
      datasetDrift: true,
    });
  });

  it('takes a test, per-column tests and types from flags, and prints a readable table', async () => {
    const result = await runCli(
      [
        'drift',
        '--reference',
        ref,
        '--current',
        cur,
        '--stattest',
        'wasserstein',
        '--column-stattest',
        'city=jensenshannon',
        '--columns',
        'x,city',
      ],
      {},
    );
    expect(result.code).toBe(0);
    const xLine = result.stdout.split('\n').find((l) => l.startsWith('x '))!;
    expect(xLine).toContain('wasserstein');
    expect(xLine).toContain(shift.expected.wasserstein_normed_by_ref_std.toPrecision(4));
    expect(xLine).toContain('DRIFT');
    expect(result.stdout).toMatch(/^city\s+categorical\s+jensenshannon/mu);
    expect(result.stdout).toContain('Dataset drift detected: 1 of 2 tested columns drifted');
    expect(result.stderr).toContain(`Reading ${ref}`);
  });

  it('writes a self-contained HTML report', async () => {
    const report = join(dir, 'report.html');
    const result = await runCli(
      ['drift', '--reference', ref, '--current', cur, '--report', report],
      {},
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Report written to ${report}.`);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('uPlot');
    expect(html).toContain('tromsø');
    expect(html).not.toMatch(/<script[^>]+src=/u);
  });

  it('refuses unknown tests, bad thresholds and missing files with a message', async () => {
    const badTest = await runCli(
      ['drift', '--reference', ref, '--current', cur, '--stattest', 'kss'],
      {},
    );
    expect(badTest.code).toBe(2);
    expect(badTest.stderr).toContain('Expected one of ks,');
    const badType = await runCli(
      ['drift', '--reference', ref, '--current', cur, '--column-type', 'x=number'],
      {},
    );
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('numerical, categorical, text');
    const wrongUse = await runCli(
      [
        'drift',
        '--reference',
        ref,
        '--current',
        cur,
        '--column-stattest',
        'city=ks',
        '--column-type',
        'city=categorical',
      ],
      {},
    );
    expect(wrongUse.code).toBe(1);
    expect(wrongUse.stderr).toMatch(
      /^error: Stattest 'ks' does not support categorical columns \(column 'city'\)/mu,
    );
    const missing = await runCli(
      ['drift', '--reference', join(dir, 'nope.csv'), '--current', cur],
      {},
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv');
  });
});
