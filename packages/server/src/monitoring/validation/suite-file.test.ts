import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpectationSuite } from '@slipway/core';
import { readSuiteFile, suiteFormatOf, writeSuiteFile } from './suite-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-suite-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const suite: ExpectationSuite = {
  name: 's',
  expectations: [
    // The same list twice: YAML must not turn the second into an alias of the first.
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'a', value_set: ['1', 'x'] },
    },
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'b', value_set: ['1', 'x'] },
    },
    {
      expectation_type: 'expect_column_values_to_be_between',
      kwargs: { column: 'c', min_value: 0.1, max_value: null },
    },
  ],
};

describe('suite files', () => {
  it('picks JSON for .json and YAML otherwise', () => {
    expect(suiteFormatOf('a/s.JSON')).toBe('json');
    expect(suiteFormatOf('s.yaml')).toBe('yaml');
    expect(suiteFormatOf('s.yml')).toBe('yaml');
  });

  it('reads back what it wrote, in YAML and JSON', async () => {
    for (const name of ['s.yaml', 's.json']) {
      await writeSuiteFile(join(dir, name), suite);
      expect(await readSuiteFile(join(dir, name))).toEqual(suite);
    }
  });

  it('names the file in syntax, suite and missing-file errors', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'name: [unclosed\n');
    await expect(readSuiteFile(join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml: bad YAML/u);
    await writeFile(join(dir, 'bad.json'), '{"name": ');
    await expect(readSuiteFile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: bad JSON/u);
    await writeFile(join(dir, 'empty.json'), '{"expectations": []}');
    await expect(readSuiteFile(join(dir, 'empty.json'))).rejects.toThrow(
      /Invalid expectation suite .*empty\.json: name is required/u,
    );
    await expect(readSuiteFile(join(dir, 'none.yaml'))).rejects.toThrow(
      /none\.yaml: no such file/u,
    );
  });
});
