import { z } from 'zod';

/**
 * Zod field builders with protobuf JSON's input rules, so a request parses here exactly as MLflow's
 * `ParseDict` would accept it: int64 as a number or a decimal string, doubles as numbers or the
 * strings "NaN"/"Infinity"/"-Infinity", enums by name or number, experiment ids as strings or
 * integers. Required fields treat "" as missing, as MLflow's `_assert_required` does.
 *
 * GET endpoints read their fields from the query string, where everything is a string; `QUERY_KIND`
 * remembers which fields are repeated or boolean so the query can be shaped before validation.
 */

export type QueryKind = 'list' | 'bool';
export const QUERY_KIND = new WeakMap<z.ZodType, QueryKind>();

/** Marker for "required field absent"; the request parser turns it into MLflow's message. */
export const MISSING = 'missing';

const NON_FINITE = new Map<unknown, number>([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);
const DECIMAL_INT = /^-?\d{1,19}$/u;
const FLOAT_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/u;

function scalar<T>(hint: string, convert: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    const out = value === undefined ? undefined : convert(value);
    if (out === undefined) {
      ctx.addIssue({ code: 'custom', message: hint, input: value });
      return z.NEVER;
    }
    return out;
  });
}

function required<T>(hint: string, convert: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    if (value === undefined || value === '') {
      ctx.addIssue({ code: 'custom', message: MISSING, input: value, params: { missing: true } });
      return z.NEVER;
    }
    const out = convert(value);
    if (out === undefined) {
      ctx.addIssue({ code: 'custom', message: hint, input: value });
      return z.NEVER;
    }
    return out;
  });
}

const asString = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Ids that are strings in the proto but that clients sometimes send as integers. */
const asIdString = (v: unknown) =>
  typeof v === 'string' ? v : Number.isSafeInteger(v) ? String(v) : undefined;

function asInt64(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && DECIMAL_INT.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function asDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  return NON_FINITE.get(v) ?? (FLOAT_TEXT.test(v) ? Number(v) : undefined);
}

const asBool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);

export const fields = {
  string: () => scalar('expected a string', asString).optional(),
  requiredString: () => required('expected a string', asString),
  experimentId: () => scalar('expected a string', asIdString).optional(),
  requiredExperimentId: () => required('expected a string', asIdString),
  /** Model versions are strings in the proto; integers are accepted as well. */
  requiredVersion: () => required('expected a string', asIdString),
  int64: () => scalar('expected an integer', asInt64).optional(),
  requiredInt64: () => required('expected an integer', asInt64),
  double: () => scalar('expected a number', asDouble).optional(),
  requiredDouble: () => required('expected a number', asDouble),
  bool: () => mark(scalar('expected true or false', asBool).optional(), 'bool'),

  /** An enum given by name or by number (protobuf enum values here start at 1: names[n - 1]). */
  enumOf: <T extends string>(names: readonly T[]) =>
    scalar(`expected one of ${names.join(', ')}`, (v): T | undefined => {
      if (typeof v === 'string') {
        const byName = names.find((n) => n === v);
        if (byName) return byName;
        return DECIMAL_INT.test(v) ? names[Number(v) - 1] : undefined;
      }
      return typeof v === 'number' && Number.isInteger(v) ? names[v - 1] : undefined;
    }).optional(),

  /** A repeated field; absent means empty, as in protobuf. */
  list: <T extends z.ZodType>(item: T) =>
    mark(
      z
        .array(item, { error: 'expected an array' })
        .optional()
        .transform((v) => v ?? []),
      'list',
    ),

  /** A repeated field that must have at least one element. */
  requiredList: <T extends z.ZodType>(item: T) =>
    mark(z.array(item, { error: 'expected an array' }).min(1, { message: MISSING }), 'list'),

  /** A key/value tag as MLflow sends them; value may be absent (protobuf default ''). */
  tag: () =>
    z.object(
      {
        key: required('expected a string', asString),
        value: scalar('expected a string', asString)
          .optional()
          .transform((v) => v ?? ''),
      },
      { error: 'expected an object' },
    ),
};

function mark<T extends z.ZodType>(schema: T, kind: QueryKind): T {
  QUERY_KIND.set(schema, kind);
  return schema;
}
