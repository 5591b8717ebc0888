import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parseLoggedModelFilter, parseLoggedModelOrderBy } from './search-logged-models.js';

function rejection(work: () => unknown): SlipwayError {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    expect((err as SlipwayError).code).toBe('INVALID_ARGUMENT');
    return err as SlipwayError;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('parseLoggedModelFilter', () => {
  it('returns [] for no filter', () => {
    expect(parseLoggedModelFilter(undefined)).toEqual([]);
    expect(parseLoggedModelFilter('  ')).toEqual([]);
  });

  it('reads the example of the proto: params and metrics joined by AND', () => {
    expect(parseLoggedModelFilter("params.alpha = '0.3' AND metrics.accuracy > 0.9")).toEqual([
      { type: 'param', key: 'alpha', comparator: '=', value: '0.3', position: 0 },
      { type: 'metric', key: 'accuracy', comparator: '>', value: 0.9, position: 25 },
    ]);
  });

  it('resolves attributes, with and without a prefix, and MLflow aliases', () => {
    const cases: Array<[string, string, string | number]> = [
      ["name = 'clf'", 'name', 'clf'],
      ["attributes.model_type = 'agent'", 'model_type', 'agent'],
      ["source_run_id = 'r1'", 'source_run_id', 'r1'],
      ['creation_time > 5', 'creation_timestamp', 5],
      ['creation_timestamp_ms > 5', 'creation_timestamp', 5],
      ['last_updated_timestamp <= 9', 'last_updated_timestamp', 9],
      ["artifact_uri LIKE 's3%'", 'artifact_location', 's3%'],
    ];
    for (const [filter, key, value] of cases) {
      const [clause] = parseLoggedModelFilter(filter);
      expect(clause, filter).toMatchObject({ type: 'attribute', key, value });
    }
  });

  it('keeps tag keys with dots and quoted keys whole', () => {
    expect(parseLoggedModelFilter("tags.mlflow.source.name = 'train.py'")[0]).toMatchObject({
      type: 'tag',
      key: 'mlflow.source.name',
    });
    expect(parseLoggedModelFilter('metrics.`f1 score` >= 0.5')[0]).toMatchObject({
      type: 'metric',
      key: 'f1 score',
      value: 0.5,
    });
  });

  it('normalises status equality to the protobuf name and rejects unknown statuses', () => {
    const status = (f: string) => parseLoggedModelFilter(f)[0]?.value;
    expect(status("status = 'READY'")).toBe('LOGGED_MODEL_READY');
    expect(status("status != 'pending'")).toBe('LOGGED_MODEL_PENDING');
    expect(status("status = 'FAILED'")).toBe('LOGGED_MODEL_UPLOAD_FAILED');
    expect(status("status = 'LOGGED_MODEL_UPLOAD_FAILED'")).toBe('LOGGED_MODEL_UPLOAD_FAILED');
    expect(status("status LIKE '%READY'")).toBe('%READY');
    expect(rejection(() => parseLoggedModelFilter("status = 'DONE'")).message).toContain(
      "unknown logged model status 'DONE'",
    );
  });

  it('rejects what MLflow cannot search: IN, OR, numbers as strings, unknown keys', () => {
    expect(rejection(() => parseLoggedModelFilter("name IN ('a')")).message).toContain(
      "comparator 'IN' is not allowed for attribute 'name'",
    );
    expect(rejection(() => parseLoggedModelFilter("name = 'a' OR name = 'b'")).message).toContain(
      'OR is not supported',
    );
    expect(rejection(() => parseLoggedModelFilter('metrics.acc > ' + "'0.5'")).message).toContain(
      'numbers are written without quotes',
    );
    expect(rejection(() => parseLoggedModelFilter("params.lr > '1'")).message).toContain(
      "comparator '>' is not allowed for param 'lr'",
    );
    expect(rejection(() => parseLoggedModelFilter("owner = 'x'")).message).toContain(
      "unknown attribute 'owner' for logged models",
    );
    expect(rejection(() => parseLoggedModelFilter("datasets.name = 'x'")).message).toContain(
      "unknown key prefix 'datasets'",
    );
  });
});

describe('parseLoggedModelOrderBy', () => {
  it('reads attributes and metrics, ascending by default', () => {
    expect(
      parseLoggedModelOrderBy([
        { fieldName: 'creation_time' },
        { fieldName: 'metrics.acc', ascending: false, datasetName: 'test', datasetDigest: 'd1' },
        { fieldName: 'name', ascending: true },
      ]),
    ).toEqual([
      { type: 'attribute', key: 'creation_timestamp', ascending: true },
      {
        type: 'metric',
        key: 'acc',
        ascending: false,
        datasetName: 'test',
        datasetDigest: 'd1',
      },
      { type: 'attribute', key: 'name', ascending: true },
    ]);
    expect(parseLoggedModelOrderBy(undefined)).toEqual([]);
  });

  it('rejects params, tags, unknown fields, directions in the name and misplaced datasets', () => {
    const message = (fieldName: string, extra: object = {}) =>
      rejection(() => parseLoggedModelOrderBy([{ fieldName, ...extra }])).message;
    expect(message('params.lr')).toContain('cannot be ordered by params');
    expect(message('tags.team')).toContain('cannot be ordered by tags');
    expect(message('owner')).toContain("cannot be ordered by 'owner'");
    expect(message('name DESC')).toContain('expected only a field name');
    expect(message('name', { datasetName: 'test' })).toContain(
      'may only be set when ordering by a metric',
    );
    expect(message('metrics.acc', { datasetDigest: 'd1' })).toContain(
      'only be set together with dataset_name',
    );
  });
});
