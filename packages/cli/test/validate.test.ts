import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

let dir: string;
const path = (name: string) => join(dir, name);

// Hand-checked: age has one missing value and one (130) above 120, so 1 of 3 judged is unexpected.
const CSV = [
  'id,age,<i>city</i>',
  '1,34,Oslo',
  '2,51,Lima',
  '3,,Oslo',
  '4,130,<b>Rome</b>',
  '',
].join('\n');

const PASSING_YAML = `name: customers
expectations:
  - expectation_type: expect_column_to_exist
    kwargs: { column: id }
  - expectation_type: expect_column_values_to_be_between
    kwargs: { column: id, min_value: 1, max_value: 4 }
  - expectation_type: expect_column_values_to_be_unique
    kwargs: { column: id }
  - expectation_type: expect_table_row_count_to_be_between
    kwargs: { min_value: 4, max_value: 4 }
`;

const FAILING = {
  name: 'customers-strict',
  expectations: [
    { expectation_type: 'expect_column_to_exist', kwargs: { column: 'id' } },
    {
      expectation_type: 'expect_column_values_to_be_between',
      kwargs: { column: 'age', min_value: 0, max_value: 120 },
    },
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: '<i>city</i>', value_set: ['Oslo', 'Lima'] },
    },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-validate-'));
  await writeFile(path('data.csv'), CSV);
  await writeFile(path('pass.yaml'), PASSING_YAML);
  await writeFile(path('fail.json'), JSON.stringify(FAILING));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('slipway validate', () => {
  it('exits 0 with PASSED when every expectation of a YAML suite holds', async () => {
    const result = await runCli(['validate', path('data.csv'), '--suite', path('pass.yaml')], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '✓ expect_column_values_to_be_between [id]: expected 1 ≤ value ≤ 4; observed 0 of 4 unexpected (0%)',
    );
    expect(result.stdout).toContain(
      'PASSED: suite "customers", 4 of 4 expectations met (100%), 0 failed',
    );
  });

  it("exits 1 on a JSON suite that fails, printing the failing expectation's line", async () => {
    const result = await runCli(['validate', path('data.csv'), '--suite', path('fail.json')], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '✗ expect_column_values_to_be_between [age]: expected 0 ≤ value ≤ 120; observed 1 of 3 unexpected (33.33%), 1 missing skipped',
    );
    expect(result.stdout).toContain('    unexpected examples: 130');
    expect(result.stdout).toContain('FAILED: suite "customers-strict", 1 of 3 expectations met');
    expect(result.stderr).toContain('2 of 3 expectations failed');
  });

  it('prints the GE-shaped result with --json', async () => {
    const result = await runCli(
      ['validate', path('data.csv'), '--suite', path('fail.json'), '--json'],
      {},
    );
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.success).toBe(false);
    expect(json.suite_name).toBe('customers-strict');
    expect(json.statistics).toEqual({
      evaluated_expectations: 3,
      successful_expectations: 1,
      unsuccessful_expectations: 2,
      success_percent: (1 / 3) * 100,
    });
    const age = json.results[1];
    expect(age.expectation_type).toBe('expect_column_values_to_be_between');
    expect(age.success).toBe(false);
    expect(age.result).toMatchObject({
      element_count: 4,
      missing_count: 1,
      unexpected_count: 1,
      partial_unexpected_list: [130],
    });
    expect(json.results[2].result.partial_unexpected_list).toEqual(['<b>Rome</b>']);
  });

  it('writes a self-contained HTML report with every value escaped', async () => {
    const report = path('report.html');
    const result = await runCli(
      ['validate', path('data.csv'), '--suite', path('fail.json'), '--report', report],
      {},
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Report written to ${report}.`);
    const html = await readFile(report, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const e of FAILING.expectations) expect(html).toContain(e.expectation_type);
    expect(html).toContain('&lt;i&gt;city&lt;/i&gt;');
    expect(html).toContain('&lt;b&gt;Rome&lt;/b&gt;');
    expect(html).not.toContain('<i>city');
    expect(html).not.toContain('<b>Rome');
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//u);
  });

  it('exits 2 with the parse error of a bad suite', async () => {
    await writeFile(
      path('bad.yaml'),
      'name: bad\nexpectations:\n  - expectation_type: expect_column_values_to_be_between\n    kwargs: { column: age }\n',
    );
    const result = await runCli(['validate', path('data.csv'), '--suite', path('bad.yaml')], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: Invalid expectation suite .*bad\.yaml: expectations\[0\]/u,
    );
    expect(result.stderr).toContain('expect_column_values_to_be_between');
  });

  it('exits 2 without --suite', async () => {
    const result = await runCli(['validate', path('data.csv')], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--suite');
  });

  it('exits 2 when the data file cannot be read', async () => {
    const result = await runCli(
      ['validate', path('missing.csv'), '--suite', path('pass.yaml')],
      {},
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.csv');
  });
});

describe('slipway validate infer', () => {
  it('writes a YAML suite the same data then passes', async () => {
    const suite = path('inferred.yaml');
    const infer = await runCli(['validate', 'infer', path('data.csv'), '-o', suite], {});
    expect(infer.code, infer.stderr).toBe(0);
    const text = await readFile(suite, 'utf8');
    expect(text).toMatch(/^name: data\n/u);
    expect(text).toContain('expectation_type: expect_column_values_to_be_between');
    const check = await runCli(['validate', path('data.csv'), '--suite', suite], {});
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('PASSED: suite "data"');
  });

  it('writes JSON for a .json name, and prints it with --json', async () => {
    const suite = path('inferred.json');
    const infer = await runCli(
      ['validate', 'infer', path('data.csv'), '-o', suite, '--name', 'mine', '--json'],
      {},
    );
    expect(infer.code, infer.stderr).toBe(0);
    const written = JSON.parse(await readFile(suite, 'utf8'));
    expect(JSON.parse(infer.stdout)).toEqual(written);
    expect(written.name).toBe('mine');
    const check = await runCli(['validate', path('data.csv'), '--suite', suite], {});
    expect(check.code, check.stdout).toBe(0);
  });
});
