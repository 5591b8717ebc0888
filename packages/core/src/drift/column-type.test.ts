import { describe, expect, it } from 'vitest';
import { inferColumnType } from './column-type.js';

const ints = (n: number, distinct: number) => Array.from({ length: n }, (_, i) => i % distinct);

describe('inferColumnType (Evidently infer_column_type)', () => {
  it('floats are numerical', () => {
    expect(inferColumnType(Float64Array.from([1, 2.5, 3]))).toBe('numerical');
    expect(inferColumnType([1, 2, null, 0.5])).toBe('numerical');
  });
  it('integers are categorical up to 10 distinct values, numerical beyond', () => {
    expect(inferColumnType(Float64Array.from(ints(100, 10)))).toBe('categorical');
    expect(inferColumnType(Float64Array.from(ints(100, 11)))).toBe('numerical');
    expect(inferColumnType(ints(50, 3))).toBe('categorical');
  });
  it('counts distinct integers on the reference, or on current when the reference is empty', () => {
    expect(inferColumnType(Float64Array.from(ints(30, 3)), Float64Array.from(ints(30, 30)))).toBe(
      'categorical',
    );
    expect(inferColumnType(new Float64Array(0), Float64Array.from(ints(30, 30)))).toBe('numerical');
  });
  it('a fractional value on either side makes an integer column numerical', () => {
    expect(inferColumnType(Float64Array.from([1, 2, 3]), Float64Array.from([1.5]))).toBe(
      'numerical',
    );
  });
  it('strings are text when more than half of the values are distinct, else categorical', () => {
    expect(inferColumnType(['a', 'b', 'c', 'a'])).toBe('text');
    expect(inferColumnType(['a', 'b', 'a', 'b'])).toBe('categorical');
    expect(inferColumnType(['a', 'b', 'a', null, null])).toBe('text');
  });
  it('booleans and mixed columns are categorical', () => {
    expect(inferColumnType([true, false, true])).toBe('categorical');
    expect(inferColumnType([1, 'a', 1, 'a'])).toBe('categorical');
  });
  it('ignores NaN, ±Infinity and nulls, and is undefined without values', () => {
    expect(inferColumnType(Float64Array.from([NaN, Infinity, 1, 2]))).toBe('categorical');
    expect(inferColumnType([null, NaN], Float64Array.from([NaN]))).toBeUndefined();
    expect(inferColumnType(undefined, ['x', 'x'])).toBe('categorical');
  });
});
