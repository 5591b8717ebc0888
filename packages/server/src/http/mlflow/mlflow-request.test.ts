import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MlflowHttpError } from './mlflow-errors.js';
import { fields } from './mlflow-fields.js';
import { parseRequest, requireRunId } from './mlflow-request.js';

const schema = z.object({
  run_id: fields.string(),
  run_uuid: fields.string(),
  ids: fields.list(z.string()),
  flag: fields.bool(),
  n: fields.int64(),
  v: fields.double(),
  view: fields.enumOf(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const),
  name: fields.string(),
});

const fake = (init: { method: string; query?: unknown; body?: unknown }) =>
  ({ query: {}, ...init }) as unknown as FastifyRequest;

function failure(fn: () => unknown): MlflowHttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MlflowHttpError) return err;
    throw err;
  }
  throw new Error('expected an MlflowHttpError');
}

describe('parseRequest from a query string', () => {
  it('keeps repeated fields as lists, takes the first of other repeats, converts types', () => {
    const out = parseRequest(
      schema,
      fake({
        method: 'GET',
        query: {
          ids: 'a',
          flag: 'TRUE',
          n: '42',
          v: 'NaN',
          view: '3',
          name: ['x', 'y'],
          other: '1',
        },
      }),
    );
    expect(out).toEqual({ ids: ['a'], flag: true, n: 42, v: Number.NaN, view: 'ALL', name: 'x' });
  });

  it('rejects a boolean that is not true or false', () => {
    const err = failure(() =>
      parseRequest(schema, fake({ method: 'GET', query: { flag: 'yes' } })),
    );
    expect(err.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(err.message).toBe("Invalid boolean value: yes, must be 'true' or 'false'.");
  });

  it('reads DELETE parameters from the query when there is no body', () => {
    expect(parseRequest(schema, fake({ method: 'DELETE', query: { name: 'm' } }))).toMatchObject({
      name: 'm',
    });
  });
});

describe('parseRequest from a JSON body', () => {
  it('treats nulls as unset and ignores unknown fields', () => {
    expect(
      parseRequest(
        schema,
        fake({ method: 'POST', body: { name: null, n: 1, extra: { deep: 1 } } }),
      ),
    ).toEqual({ ids: [], n: 1 });
  });

  it('decodes a double-encoded body as old clients send it', () => {
    expect(
      parseRequest(schema, fake({ method: 'POST', body: JSON.stringify({ name: 'twice' }) })),
    ).toMatchObject({ name: 'twice' });
  });

  it('does not coerce strings to booleans in a JSON body', () => {
    const err = failure(() =>
      parseRequest(schema, fake({ method: 'POST', body: { flag: 'true' } })),
    );
    expect(err.message).toContain("parameter 'flag'");
  });

  it('accepts int64 as decimal strings but not as floats or unsafe integers', () => {
    expect(parseRequest(schema, fake({ method: 'POST', body: { n: '-7' } })).n).toBe(-7);
    expect(
      failure(() => parseRequest(schema, fake({ method: 'POST', body: { n: 2.5 } }))).message,
    ).toContain('expected an integer');
    expect(
      failure(() =>
        parseRequest(schema, fake({ method: 'POST', body: { n: '99999999999999999' } })),
      ).message,
    ).toContain('expected an integer');
  });

  it('accepts doubles as numbers, numeric strings and the non-finite names only', () => {
    expect(parseRequest(schema, fake({ method: 'POST', body: { v: '-Infinity' } })).v).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(parseRequest(schema, fake({ method: 'POST', body: { v: '2.5e-3' } })).v).toBe(0.0025);
    for (const bad of ['toString', 'nan', 'inf', '1,5', true]) {
      const err = failure(() => parseRequest(schema, fake({ method: 'POST', body: { v: bad } })));
      expect(err.message).toContain('expected a number');
    }
  });

  it('accepts enums by name or number and rejects others', () => {
    expect(parseRequest(schema, fake({ method: 'POST', body: { view: 2 } })).view).toBe(
      'DELETED_ONLY',
    );
    expect(
      failure(() => parseRequest(schema, fake({ method: 'POST', body: { view: 9 } }))).message,
    ).toContain('expected one of ACTIVE_ONLY, DELETED_ONLY, ALL');
  });

  it('rejects a body that is not an object', () => {
    expect(failure(() => parseRequest(schema, fake({ method: 'POST', body: [1] }))).errorCode).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('requireRunId', () => {
  it('falls back to run_uuid and reports run_id when both are missing', () => {
    expect(requireRunId({ run_uuid: 'abc' })).toBe('abc');
    expect(requireRunId({ run_id: 'new', run_uuid: 'old' })).toBe('new');
    expect(failure(() => requireRunId({})).message).toContain("'run_id'");
  });
});
