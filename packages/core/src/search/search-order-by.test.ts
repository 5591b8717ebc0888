import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import type { OrderByClause } from './filter-ast.js';
import {
  parseExperimentOrderBy,
  parseModelVersionOrderBy,
  parseRegisteredModelOrderBy,
  parseRunOrderBy,
} from './search-parsers.js';

type Parse = (orderBy: string[] | undefined) => OrderByClause[];

function expectError(
  parse: Parse,
  orderBy: string[],
  index: number,
  position: number,
  fragment: string,
): void {
  let caught: unknown;
  try {
    parse(orderBy);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${JSON.stringify(orderBy)} to be rejected`).toBeInstanceOf(SlipwayError);
  const err = caught as SlipwayError;
  expect(err.code).toBe('INVALID_ARGUMENT');
  expect(err.details).toEqual({ position, index });
  expect(err.message).toContain(
    `Invalid order_by clause '${orderBy[index]}' at position ${position}: `,
  );
  expect(err.message).toContain(fragment);
}

describe('parseRunOrderBy', () => {
  it('returns [] without order_by', () => {
    expect(parseRunOrderBy(undefined)).toEqual([]);
    expect(parseRunOrderBy([])).toEqual([]);
  });

  it('parses keys of every kind with an optional direction in any case', () => {
    expect(
      parseRunOrderBy([
        'metrics.acc DESC',
        'attributes.start_time',
        'params.lr ASC',
        'tags.`a b` desc',
        'metric."Mean Square Error" aSc',
        'created',
        'attr.Created DESC',
        'run_name',
        'params.my_param  ',
      ]),
    ).toEqual([
      { type: 'metric', key: 'acc', ascending: false },
      { type: 'attribute', key: 'start_time', ascending: true },
      { type: 'param', key: 'lr', ascending: true },
      { type: 'tag', key: 'a b', ascending: false },
      { type: 'metric', key: 'Mean Square Error', ascending: true },
      { type: 'attribute', key: 'start_time', ascending: true },
      { type: 'attribute', key: 'start_time', ascending: false },
      { type: 'attribute', key: 'run_name', ascending: true },
      { type: 'param', key: 'my_param', ascending: true },
    ]);
  });

  it.each(['run_id', 'status', 'user_id', 'artifact_uri', 'end_time', 'start_time'])(
    'orders by attribute %s',
    (key) => {
      expect(parseRunOrderBy([`attributes.${key} DESC`])).toEqual([
        { type: 'attribute', key, ascending: false },
      ]);
    },
  );

  it('rejects bad directions, extra words and bad keys with positions', () => {
    expectError(
      parseRunOrderBy,
      ['metrics.acc DESCX'],
      0,
      12,
      "expected ASC or DESC after 'metrics.acc', found 'DESCX'",
    );
    expectError(parseRunOrderBy, ['metrics.a', 'attribute.run_id ACS'], 1, 17, "found 'ACS'");
    expectError(
      parseRunOrderBy,
      ['last_updated_timestamp DESC blah'],
      0,
      0,
      "runs cannot be ordered by 'last_updated_timestamp'",
    );
    expectError(
      parseRunOrderBy,
      ['start_time DESC blah'],
      0,
      16,
      "expected the end of the clause after DESC, found 'blah'",
    );
    expectError(parseRunOrderBy, ['metrics.A != 1'], 0, 10, "found '!='");
    expectError(parseRunOrderBy, ['m.acc'], 0, 0, "unknown key prefix 'm'");
    expectError(
      parseRunOrderBy,
      ['acc'],
      0,
      0,
      "runs cannot be ordered by 'acc'; valid keys: run_id",
    );
    expectError(
      parseRunOrderBy,
      ['attribute.experiment_id'],
      0,
      0,
      "cannot be ordered by 'experiment_id'",
    );
    expectError(parseRunOrderBy, ['`metrics.A'], 0, 0, 'unterminated quoted name');
    expectError(
      parseRunOrderBy,
      ['datasets.name'],
      0,
      0,
      'runs cannot be ordered by datasets; order by attributes, metrics, params, tags',
    );
    expectError(parseRunOrderBy, [''], 0, 0, 'the clause is empty');
    expectError(parseRunOrderBy, ['  '], 0, 2, 'the clause is empty');
    expectError(parseRunOrderBy, ["'acc'"], 0, 0, "expected a key, found ''acc''");
  });
});

describe('parseExperimentOrderBy', () => {
  it.each(['name', 'experiment_id', 'creation_time', 'last_update_time'])('orders by %s', (key) => {
    expect(parseExperimentOrderBy([`${key} DESC`, `attributes.${key}`])).toEqual([
      { type: 'attribute', key, ascending: false },
      { type: 'attribute', key, ascending: true },
    ]);
  });

  it('rejects tags and unknown attributes', () => {
    expectError(
      parseExperimentOrderBy,
      ['tags.a'],
      0,
      0,
      'experiments cannot be ordered by tags; order by attributes',
    );
    expectError(
      parseExperimentOrderBy,
      ['lifecycle_stage'],
      0,
      0,
      'valid keys: name, experiment_id, creation_time, last_update_time',
    );
  });
});

describe('parseRegisteredModelOrderBy', () => {
  it('orders by name and the timestamps; `timestamp` means creation_timestamp', () => {
    expect(
      parseRegisteredModelOrderBy([
        'name ASC',
        'creation_timestamp DESC',
        'last_updated_timestamp',
        'timestamp desc',
      ]),
    ).toEqual([
      { type: 'attribute', key: 'name', ascending: true },
      { type: 'attribute', key: 'creation_timestamp', ascending: false },
      { type: 'attribute', key: 'last_updated_timestamp', ascending: true },
      { type: 'attribute', key: 'creation_timestamp', ascending: false },
    ]);
  });

  it('rejects other keys and directions', () => {
    expectError(
      parseRegisteredModelOrderBy,
      ['name aCs'],
      0,
      5,
      "expected ASC or DESC after 'name', found 'aCs'",
    );
    expectError(
      parseRegisteredModelOrderBy,
      ['timestamp somerandomstuff ASC'],
      0,
      10,
      "found 'somerandomstuff'",
    );
    expectError(
      parseRegisteredModelOrderBy,
      ['description'],
      0,
      0,
      'registered models cannot be ordered by',
    );
    expectError(parseRegisteredModelOrderBy, ['tags.x'], 0, 0, 'cannot be ordered by tags');
  });
});

describe('parseModelVersionOrderBy', () => {
  it('orders by name, version (or version_number) and the timestamps', () => {
    expect(
      parseModelVersionOrderBy([
        'name',
        'version_number DESC',
        'attributes.version asc',
        'creation_timestamp',
        'last_updated_timestamp DESC',
      ]),
    ).toEqual([
      { type: 'attribute', key: 'name', ascending: true },
      { type: 'attribute', key: 'version', ascending: false },
      { type: 'attribute', key: 'version', ascending: true },
      { type: 'attribute', key: 'creation_timestamp', ascending: true },
      { type: 'attribute', key: 'last_updated_timestamp', ascending: false },
    ]);
  });

  it('rejects keys MLflow cannot order model versions by', () => {
    expectError(
      parseModelVersionOrderBy,
      ['run_id'],
      0,
      0,
      "model versions cannot be ordered by 'run_id'",
    );
    expectError(parseModelVersionOrderBy, ['metrics.acc'], 0, 0, "unknown key prefix 'metrics'");
  });
});
