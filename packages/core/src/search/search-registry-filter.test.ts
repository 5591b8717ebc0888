import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import type { FilterClause } from './filter-ast.js';
import {
  parseExperimentFilter,
  parseModelVersionFilter,
  parseRegisteredModelFilter,
} from './search-parsers.js';

type Parse = (filter: string | undefined) => FilterClause[];

function expectError(parse: Parse, filter: string, position: number, fragment: string): void {
  let caught: unknown;
  try {
    parse(filter);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${JSON.stringify(filter)} to be rejected`).toBeInstanceOf(SlipwayError);
  const err = caught as SlipwayError;
  expect(err.code).toBe('INVALID_ARGUMENT');
  expect(err.details).toEqual({ position });
  expect(err.message).toContain(`Invalid filter at position ${position}: `);
  expect(err.message).toContain(fragment);
}

const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMBER_OPS = ['=', '!=', '>', '>=', '<', '<='];

describe('parseExperimentFilter', () => {
  it('returns [] for no filter', () => {
    expect(parseExperimentFilter(undefined)).toEqual([]);
    expect(parseExperimentFilter(' ')).toEqual([]);
  });

  it.each(['name', 'attribute.name', 'attributes.name'])('%s takes string comparators', (key) => {
    for (const op of STRING_OPS) {
      expect(parseExperimentFilter(`${key} ${op} 'x%'`)).toEqual([
        { type: 'attribute', key: 'name', comparator: op, value: 'x%', position: 0 },
      ]);
    }
  });

  it.each(['creation_time', 'last_update_time'])('%s takes numeric comparators', (key) => {
    for (const op of NUMBER_OPS) {
      expect(parseExperimentFilter(`${key} ${op} 1700000000000`)).toEqual([
        { type: 'attribute', key, comparator: op, value: 1700000000000, position: 0 },
      ]);
    }
  });

  it.each(['tag.group', 'tags.group', 'tags.`group`', 'tags."group"'])('%s is a tag', (key) => {
    for (const op of STRING_OPS) {
      expect(parseExperimentFilter(`${key} ${op} 'y'`)[0]).toMatchObject({
        type: 'tag',
        key: 'group',
        comparator: op,
      });
    }
  });

  it('rejects run-only prefixes, unknown attributes and bad comparators', () => {
    expectError(parseExperimentFilter, 'metrics.a > 1', 0, "unknown key prefix 'metrics'");
    expectError(
      parseExperimentFilter,
      'metrics.a > 1',
      0,
      'keys of experiments start with attributes. or tags.',
    );
    expectError(parseExperimentFilter, "params.a = '1'", 0, "unknown key prefix 'params'");
    expectError(
      parseExperimentFilter,
      "run_id = 'x'",
      0,
      "unknown attribute 'run_id' for experiments",
    );
    expectError(
      parseExperimentFilter,
      "run_id = 'x'",
      0,
      'valid attributes: name, experiment_id, lifecycle_stage, creation_time, last_update_time',
    );
    expectError(
      parseExperimentFilter,
      "name > 'x'",
      5,
      "comparator '>' is not allowed for attribute 'name'",
    );
    expectError(parseExperimentFilter, "name IN ('x')", 5, "comparator 'IN' is not allowed");
    expectError(
      parseExperimentFilter,
      'creation_time LIKE 5',
      14,
      "comparator 'LIKE' is not allowed",
    );
    expectError(
      parseExperimentFilter,
      "tags.t < 'x'",
      7,
      "comparator '<' is not allowed for tag 't'",
    );
  });
});

describe('parseRegisteredModelFilter', () => {
  it.each(['name', 'attribute.name', 'attributes.name'])('%s takes string comparators', (key) => {
    for (const op of STRING_OPS) {
      expect(parseRegisteredModelFilter(`${key} ${op} "m"`)).toEqual([
        { type: 'attribute', key: 'name', comparator: op, value: 'm', position: 0 },
      ]);
    }
  });

  it('filters on tags, description and timestamps', () => {
    expect(
      parseRegisteredModelFilter(
        "tags.`mlflow.prompt.is_prompt` != 'true' and description ILIKE '%fraud%' and creation_timestamp >= 10",
      ),
    ).toEqual([
      { type: 'tag', key: 'mlflow.prompt.is_prompt', comparator: '!=', value: 'true', position: 0 },
      {
        type: 'attribute',
        key: 'description',
        comparator: 'ILIKE',
        value: '%fraud%',
        position: 45,
      },
      { type: 'attribute', key: 'creation_timestamp', comparator: '>=', value: 10, position: 77 },
    ]);
  });

  it('rejects run-only keys, IN and numeric values for name', () => {
    expectError(
      parseRegisteredModelFilter,
      "run_id = 'x'",
      0,
      "unknown attribute 'run_id' for registered models",
    );
    expectError(parseRegisteredModelFilter, "name IN ('a')", 5, "comparator 'IN' is not allowed");
    expectError(
      parseRegisteredModelFilter,
      'name = 1',
      7,
      "expected a quoted string for attribute 'name'",
    );
    expectError(
      parseRegisteredModelFilter,
      "datasets.name = 'a'",
      0,
      "unknown key prefix 'datasets'",
    );
    expectError(parseRegisteredModelFilter, 'version > 1', 0, "unknown attribute 'version'");
  });

  it('suggests name and tags when the key is missing', () => {
    expectError(
      parseRegisteredModelFilter,
      "= 'x'",
      0,
      "expected a key such as name or tags.team, found '='",
    );
  });
});

describe('parseModelVersionFilter', () => {
  it.each([
    ['name', 'name'],
    ['run_id', 'run_id'],
    ['source_path', 'source'],
    ['source', 'source'],
    ['attribute.current_stage', 'current_stage'],
    ['status', 'status'],
    ['user_id', 'user_id'],
    ['description', 'description'],
  ])('%s takes string comparators as %s', (written, key) => {
    for (const op of STRING_OPS) {
      expect(parseModelVersionFilter(`${written} ${op} 'v'`)).toEqual([
        { type: 'attribute', key, comparator: op, value: 'v', position: 0 },
      ]);
    }
  });

  it.each([
    ['version_number', 'version'],
    ['version', 'version'],
    ['attributes.version_number', 'version'],
    ['creation_timestamp', 'creation_timestamp'],
    ['last_updated_timestamp', 'last_updated_timestamp'],
  ])('%s takes numeric comparators as %s', (written, key) => {
    for (const op of NUMBER_OPS) {
      expect(parseModelVersionFilter(`${written} ${op} 3`)).toEqual([
        { type: 'attribute', key, comparator: op, value: 3, position: 0 },
      ]);
    }
  });

  it('accepts IN on run_id only, and not NOT IN (as SearchModelVersionUtils)', () => {
    expect(parseModelVersionFilter("name='m' AND run_id IN ('r1','r2')")).toEqual([
      { type: 'attribute', key: 'name', comparator: '=', value: 'm', position: 0 },
      { type: 'attribute', key: 'run_id', comparator: 'IN', value: ['r1', 'r2'], position: 13 },
    ]);
    expectError(
      parseModelVersionFilter,
      "run_id NOT IN ('r1')",
      7,
      "comparator 'NOT IN' is not allowed for attribute 'run_id'; use one of =, !=, LIKE, ILIKE, IN",
    );
    expectError(
      parseModelVersionFilter,
      "name IN ('m')",
      5,
      "comparator 'IN' is not allowed for attribute 'name'",
    );
  });

  it('tags take string comparators', () => {
    expect(parseModelVersionFilter("tags.`model-type` ILIKE 'xgb%'")).toEqual([
      { type: 'tag', key: 'model-type', comparator: 'ILIKE', value: 'xgb%', position: 0 },
    ]);
  });

  it('checks value types', () => {
    expectError(
      parseModelVersionFilter,
      "version_number = '1'",
      17,
      "expected a number for attribute 'version'",
    );
    expectError(
      parseModelVersionFilter,
      'run_id = 5',
      9,
      "expected a quoted string for attribute 'run_id'",
    );
    expectError(parseModelVersionFilter, 'metrics.acc > 1', 0, "unknown key prefix 'metrics'");
  });
});
