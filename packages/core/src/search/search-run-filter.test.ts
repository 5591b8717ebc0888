import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parseRunFilter } from './search-parsers.js';

/** Asserts an INVALID_ARGUMENT error at `position` whose message contains `fragment`. */
function expectError(filter: string, position: number, fragment: string): void {
  let caught: unknown;
  try {
    parseRunFilter(filter);
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

describe('parseRunFilter: basics', () => {
  it('returns no clauses for undefined, empty and blank filters', () => {
    expect(parseRunFilter(undefined)).toEqual([]);
    expect(parseRunFilter('')).toEqual([]);
    expect(parseRunFilter('  \t\n ')).toEqual([]);
  });

  it('parses AND-joined clauses with their positions', () => {
    const filter = "metrics.acc > 0.9 AND params.lr = '0.01'";
    expect(parseRunFilter(filter)).toEqual([
      { type: 'metric', key: 'acc', comparator: '>', value: 0.9, position: 0 },
      { type: 'param', key: 'lr', comparator: '=', value: '0.01', position: 22 },
    ]);
  });

  it.each(['and', 'AND', 'And', 'aNd'])('accepts %s in any case', (and) => {
    expect(parseRunFilter(`metrics.a = 1 ${and} metrics.b = 2`)).toHaveLength(2);
  });

  it('needs no spaces around operators and tolerates newlines', () => {
    expect(parseRunFilter("metrics.a>=1\nAND\tparams.b!='x'")).toEqual([
      { type: 'metric', key: 'a', comparator: '>=', value: 1, position: 0 },
      { type: 'param', key: 'b', comparator: '!=', value: 'x', position: 17 },
    ]);
  });
});

describe('parseRunFilter: comparators per entity type', () => {
  it.each(['=', '!=', '>', '>=', '<', '<='])('metrics take %s with a number', (op) => {
    expect(parseRunFilter(`metrics.loss ${op} 1.5`)).toEqual([
      { type: 'metric', key: 'loss', comparator: op, value: 1.5, position: 0 },
    ]);
  });

  it.each(['=', '!=', '>', '>=', '<', '<='])('numeric attributes take %s', (op) => {
    expect(parseRunFilter(`attributes.end_time ${op} 1664067852747`)).toEqual([
      { type: 'attribute', key: 'end_time', comparator: op, value: 1664067852747, position: 0 },
    ]);
  });

  it.each([
    ['params.model', 'param', 'model'],
    ['tags.team', 'tag', 'team'],
    ['attributes.status', 'attribute', 'status'],
    ['attributes.run_name', 'attribute', 'run_name'],
    ['attributes.user_id', 'attribute', 'user_id'],
    ['attributes.artifact_uri', 'attribute', 'artifact_uri'],
    ['attributes.lifecycle_stage', 'attribute', 'lifecycle_stage'],
    ['attributes.run_id', 'attribute', 'run_id'],
    ['datasets.name', 'dataset', 'name'],
    ['datasets.digest', 'dataset', 'digest'],
    ['datasets.context', 'dataset', 'context'],
  ])('%s takes = != LIKE ILIKE with a string', (key, type, canonical) => {
    for (const op of ['=', '!=', 'LIKE', 'ILIKE']) {
      expect(parseRunFilter(`${key} ${op} 'v%'`)).toEqual([
        { type, key: canonical, comparator: op, value: 'v%', position: 0 },
      ]);
    }
  });

  it.each(['like', 'Like', 'ilike', 'ILike'])('reads the %s keyword in any case', (op) => {
    expect(parseRunFilter(`params.m ${op} 'GPT%'`)[0]?.comparator).toBe(op.toUpperCase());
  });

  it.each([
    ['params.lr', '>', 'param'],
    ['params.lr', '<=', 'param'],
    ['tags.t', '>=', 'tag'],
    ['attributes.status', '<', 'attribute'],
    ['datasets.name', '>', 'dataset key'],
  ])('%s rejects %s and names the allowed comparators', (key, op, what) => {
    const filter = `${key} ${op} 'x'`;
    expectError(filter, key.length + 1, `comparator '${op}' is not allowed for ${what}`);
    expectError(filter, key.length + 1, 'use one of =, !=, LIKE, ILIKE');
  });

  it('metrics and numeric attributes reject LIKE, ILIKE and IN', () => {
    expectError('metrics.acc LIKE 1', 12, "comparator 'LIKE' is not allowed for metric 'acc'");
    expectError('metrics.acc LIKE 1', 12, 'use one of =, !=, >, >=, <, <=');
    expectError('attributes.start_time ILIKE 5', 22, "'ILIKE' is not allowed");
    expectError("metrics.acc IN ('1')", 12, "'IN' is not allowed");
  });
});

describe('parseRunFilter: IN and NOT IN', () => {
  it('accepts IN / NOT IN on run_id and every dataset key', () => {
    expect(parseRunFilter("attributes.run_id IN ('a1', 'b2')")).toEqual([
      { type: 'attribute', key: 'run_id', comparator: 'IN', value: ['a1', 'b2'], position: 0 },
    ]);
    expect(parseRunFilter("run_id not in ('a1')")).toEqual([
      { type: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['a1'], position: 0 },
    ]);
    for (const key of ['name', 'digest', 'context']) {
      expect(parseRunFilter(`datasets.${key} NOT IN ('x','y' , "z")`)).toEqual([
        { type: 'dataset', key, comparator: 'NOT IN', value: ['x', 'y', 'z'], position: 0 },
      ]);
    }
  });

  it('rejects IN on other attributes, params and tags, like MLflow', () => {
    expectError("attributes.status IN ('A')", 18, "comparator 'IN' is not allowed for attribute");
    expectError("params.p IN ('A')", 9, "comparator 'IN' is not allowed for param 'p'");
    expectError("tags.t NOT IN ('A')", 7, "comparator 'NOT IN' is not allowed for tag 't'");
  });

  it('rejects malformed lists', () => {
    expectError('run_id IN ()', 11, 'the list after IN must not be empty');
    expectError("run_id IN ('a',)", 15, "expected a quoted string in the IN list, found ')'");
    expectError("run_id IN ('a' 'b')", 15, "expected ',' or ')' in the IN list, found ''b''");
    expectError("run_id IN ('a'", 14, "expected ',' or ')' in the IN list, found the end");
    expectError('run_id IN (1, 2)', 11, "expected a quoted string in the IN list, found '1'");
    expectError("run_id IN 'a'", 10, 'expected a parenthesised list of quoted strings after IN');
    expectError("run_id = ('a')", 9, "a list of values needs IN or NOT IN, not '='");
    expectError("run_id NOT LIKE 'a'", 11, 'expected IN after NOT');
  });
});

describe('parseRunFilter: keys, prefixes and aliases', () => {
  it.each([
    ['metric.a', 'metric'],
    ['metrics.a', 'metric'],
    ['METRICS.a', 'metric'],
    ['`metrics`.a', 'metric'],
    ['param.a', 'param'],
    ['params.a', 'param'],
    ['parameter.a', 'param'],
    ['parameters.a', 'param'],
    ['tag.a', 'tag'],
    ['tags.a', 'tag'],
  ])('%s is a %s key', (key, type) => {
    const value = type === 'metric' ? '1' : "'v'";
    expect(parseRunFilter(`${key} = ${value}`)[0]).toMatchObject({ type, key: 'a' });
  });

  it.each(['attribute.status', 'attributes.status', 'attr.status', 'run.status', 'status'])(
    '%s is the status attribute',
    (key) => {
      expect(parseRunFilter(`${key} = 'FINISHED'`)[0]).toMatchObject({
        type: 'attribute',
        key: 'status',
        value: 'FINISHED',
      });
    },
  );

  it.each(['dataset.context', 'datasets.context'])('%s is the dataset context', (key) => {
    expect(parseRunFilter(`${key} = 'train'`)[0]).toMatchObject({
      type: 'dataset',
      key: 'context',
    });
  });

  it.each(['created', 'Created', 'attributes.created', 'attr.Created', 'start_time'])(
    '%s means start_time',
    (key) => {
      expect(parseRunFilter(`${key} > 5`)[0]).toMatchObject({
        type: 'attribute',
        key: 'start_time',
        value: 5,
      });
    },
  );

  it.each([
    'attributes.`run name`',
    'attributes.`Run name`',
    'attributes."Run Name"',
    '`Run Name`',
    '"run name"',
    'run_name',
  ])('%s means run_name', (key) => {
    expect(parseRunFilter(`${key} = 'r'`)[0]).toMatchObject({ type: 'attribute', key: 'run_name' });
  });

  it('keeps every dot after the prefix in the key', () => {
    expect(parseRunFilter("tags.mlflow.source.name = 'nb'")[0]?.key).toBe('mlflow.source.name');
    expect(parseRunFilter('metrics.`val.loss` < 1')[0]?.key).toBe('val.loss');
    expect(parseRunFilter('metrics."accuracy.2.0" > 5')[0]?.key).toBe('accuracy.2.0');
  });

  it('quotes keys with spaces and special characters in backticks or double quotes', () => {
    expect(parseRunFilter('metrics.`f1 score` >= 0.5')[0]?.key).toBe('f1 score');
    expect(parseRunFilter('metrics."X//Y#$$@&Z" = 3')[0]?.key).toBe('X//Y#$$@&Z');
    expect(parseRunFilter("params.`cross-entropy` = 'x'")[0]?.key).toBe('cross-entropy');
  });

  it('keeps key case for metrics, params and tags', () => {
    expect(parseRunFilter('metrics.XYZ = 3')[0]?.key).toBe('XYZ');
  });

  it('rejects unknown prefixes, attributes and dataset keys, listing the valid ones', () => {
    expectError('m.acc >= 0.94', 0, "unknown key prefix 'm'; keys of runs start with attributes.");
    expectError("attri.x != 'a'", 0, "unknown key prefix 'attri'");
    expectError('acc >= 0.94', 0, "unknown attribute 'acc' for runs; valid attributes: run_id");
    expectError('acc >= 0.94', 0, 'for a metric, param or tag write metrics.acc');
    expectError('attribute.start != 1', 0, "unknown attribute 'start'");
    expectError("attribute.experiment_id != '1'", 0, 'start_time, end_time (aliases: created');
    const datasetFilter = "status = 'A' AND dataset.profile = 'p'";
    expectError(datasetFilter, 17, "unknown dataset key 'profile'");
    expectError(datasetFilter, 17, 'valid dataset keys: name, digest, context');
    expectError("tags.`` = 'a'", 5, "the key after 'tags.' is empty");
  });

  it('reports an unknown attribute at the clause start, not at the prefix', () => {
    expectError("metrics.a > 1 AND attributes.nope = 'x'", 18, "unknown attribute 'nope'");
  });
});

describe('parseRunFilter: values', () => {
  it.each([
    ['-1', -1],
    ['-0.25', -0.25],
    ['1e-3', 0.001],
    ['2.5E+3', 2500],
    ['-1.5e2', -150],
    ['.75', 0.75],
    ['007', 7],
  ])('reads the metric value %s', (text, value) => {
    expect(parseRunFilter(`metrics.m <= ${text}`)[0]?.value).toBe(value);
  });

  it('accepts single- and double-quoted strings, keeping the other quote inside', () => {
    expect(parseRunFilter(`params.m = "L'Hosp"`)[0]?.value).toBe("L'Hosp");
    expect(parseRunFilter(`params.m = 'say "x"'`)[0]?.value).toBe('say "x"');
    expect(parseRunFilter(`params.m = 'it''s'`)[0]?.value).toBe("it's");
    expect(parseRunFilter(`params.m = ''`)[0]?.value).toBe('');
  });

  it('requires numbers for metrics and numeric attributes, strings for the rest', () => {
    expectError("metric.model = 'LR'", 15, "expected a number for metric 'model', found ''LR''");
    expectError("metrics.a = '5'", 12, 'numbers are written without quotes');
    expectError('metrics.acc != metrics.acc', 15, "expected a number for metric 'acc'");
    expectError('created > now', 10, "expected a number for attribute 'start_time'");
    expectError('params.acc = 5', 13, "expected a quoted string for param 'acc'");
    expectError(
      'tags.acc = LR',
      11,
      "expected a quoted string for tag 'acc' (e.g. 'value'), found 'LR'",
    );
    expectError('params.acc = `LR`', 13, "expected a quoted string for param 'acc'");
    expectError('attribute.status = 1', 19, "expected a quoted string for attribute 'status'");
    expectError('attribute.status = true', 19, "found 'true'");
  });
});

describe('parseRunFilter: malformed filters', () => {
  it('points at a missing or unknown comparator', () => {
    const filter = "params.a = 'x' AND metrics.acc foo";
    expectError(
      filter,
      filter.indexOf('foo'),
      "expected a comparison operator after 'metrics.acc', found 'foo'",
    );
    expectError('metrics.acc', 11, "after 'metrics.acc', found the end of the filter");
    expectError('params.acc LR', 11, "found 'LR'");
    expectError("tags.acc = = 'LR'", 11, "expected a quoted string for tag 'acc'");
    expectError("params.a == 'x'", 9, "unsupported operator '=='; use '='");
    expectError("params.a <> 'x'", 9, "unsupported operator '<>'; use '!='");
    expectError('tags.v IS NULL', 7, 'IS NULL / IS NOT NULL is not supported');
  });

  it('rejects OR with a clear message', () => {
    const filter = "metrics.A > 0.1 OR params.B = 'LR'";
    expectError(filter, 16, 'OR is not supported; conditions can only be combined with AND');
    expectError("metrics.A > 0.1 or params.B = 'LR'", 16, 'OR is not supported');
  });

  it('rejects trailing garbage and dangling AND', () => {
    expectError("params.a = 'x' 'y'", 15, "expected AND or the end of the filter, found ''y''");
    expectError('metrics.a > 1 NAND metrics.b > 1', 14, "found 'NAND'");
    expectError('metrics.a > 1)', 13, "found ')'");
    expectError(
      'metrics.a > 1 AND',
      17,
      'expected a key such as metrics.acc, params.lr or tags.team, found the end of the filter',
    );
    expectError('metrics.a > 1 AND AND metrics.b > 1', 18, "found 'AND'");
    expectError('metrics.a > 1; metrics.b < 1', 13, "unexpected character ';'");
  });

  it('rejects parentheses around conditions and values on the left', () => {
    expectError(
      "metrics.A > 0.1 AND (params.B = 'LR')",
      20,
      "expected a key such as metrics.acc, params.lr or tags.team, found '('",
    );
    expectError('1.0 > metrics.acc', 0, "found '1.0'");
    expectError('1==2', 0, "found '1'");
    expectError("'acc' > 1", 0, "found ''acc''");
  });

  it('rejects broken quoting', () => {
    expectError("params.acc = 'LR", 13, 'unterminated string');
    expectError(`params.acc = "LR'`, 13, 'unterminated string');
    expectError("params.'acc = LR", 7, "expected a name after '.', found '''");
    expectError('`metrics.A > 0.1', 0, 'unterminated quoted name');
    // The bare word ends at the backtick and is an (unknown) attribute before the quote is read.
    expectError('param`.A > 0.1', 0, "unknown attribute 'param'");
    expectError('metrics.a > 1 AND tags.`x = 1', 23, 'unterminated quoted name');
  });

  it('truncates very long tokens in messages', () => {
    const long = `'${'x'.repeat(100)}'`;
    let message = '';
    try {
      parseRunFilter(`params.a = 'x' ${long}`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`found '${long.slice(0, 40)}...'`);
    expect(message.length).toBeLessThan(160);
  });
});
