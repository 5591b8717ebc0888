import { describe, expect, it } from 'vitest';
import { driftOptionsSchema } from './drift-options.js';

describe('driftOptionsSchema', () => {
  it('accepts every option', () => {
    const options = {
      stattest: 'psi',
      threshold: 0.2,
      perColumn: { age: { stattest: 'ks', threshold: 0.01 } },
      columnTypes: { age: 'numerical', notes: 'text' },
      driftShare: 0.3,
      columns: ['age'],
    };
    expect(driftOptionsSchema.parse(options)).toEqual(options);
  });
  it.each([
    [{ stattest: 'kss' }, 'stattest'],
    [{ threshold: 'high' }, 'threshold'],
    [{ perColumn: { a: { threshold: null } } }, 'perColumn.a.threshold'],
    [{ columnTypes: { a: 'date' } }, 'columnTypes.a'],
    [{ driftShare: 1.2 }, 'driftShare'],
    [{ colums: ['a'] }, ''],
  ])('refuses %j at %s', (value, path) => {
    const result = driftOptionsSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path.join('.')).toBe(path);
  });
});
