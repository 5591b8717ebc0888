import { describe, expect, it } from 'vitest';
import { applyParamOverrides } from './param-overrides.js';

const declared = {
  rows: 1000,
  ratio: 0.5,
  fast: false,
  tag: 'v1',
  sizes: [1, 2],
  regions: ['eu', 'us'],
  flags: [true],
  mixed: [1, 'a'],
  none: [],
};

describe('applyParamOverrides', () => {
  it('keeps the defaults without overrides and does not change them', () => {
    const params = applyParamOverrides(declared, {});
    expect(params).toEqual(declared);
    expect(params).not.toBe(declared);
  });

  it('coerces each override to the type of its default', () => {
    expect(
      applyParamOverrides(declared, {
        rows: '2000',
        ratio: ' 1e-3 ',
        fast: 'TRUE',
        tag: ' v2 ',
        sizes: '3, 4',
        regions: '["ap"]',
        flags: 'false,true',
        mixed: '[2, "b", true]',
        none: 'x,y',
      }),
    ).toEqual({
      rows: 2000,
      ratio: 0.001,
      fast: true,
      tag: ' v2 ',
      sizes: [3, 4],
      regions: ['ap'],
      flags: [false, true],
      mixed: [2, 'b', true],
      none: ['x', 'y'],
    });
  });

  it('reads an empty value as an empty list, and JSON items of a string list as strings', () => {
    expect(applyParamOverrides(declared, { regions: '', sizes: '[]' })).toMatchObject({
      regions: [],
      sizes: [],
    });
    expect(applyParamOverrides(declared, { regions: '[1, true]' }).regions).toEqual(['1', 'true']);
  });

  it('names the known params for an unknown one', () => {
    expect(() => applyParamOverrides(declared, { row: '1' })).toThrow(
      'Unknown parameter "row" in --param row=1; the params are rows, ratio, fast, tag, sizes, regions, flags, mixed, none.',
    );
    expect(() => applyParamOverrides({}, { row: '1' })).toThrow(
      'Unknown parameter "row" in --param row=1; the pipeline declares no params.',
    );
    expect(() => applyParamOverrides(declared, { toString: '1' })).toThrow(
      'Unknown parameter "toString"',
    );
  });

  it.each([
    [{ rows: 'many' }, '--param rows=many: rows must be a number (its default is 1000).'],
    [{ rows: '' }, '--param rows=: rows must be a number (its default is 1000).'],
    [{ rows: 'Infinity' }, 'rows must be a number'],
    [{ fast: 'yes' }, '--param fast=yes: fast must be true or false (its default is false).'],
    [
      { sizes: '1,two' },
      '--param sizes=1,two: each item of sizes must be a number (its default is [1,2]); "two" is not.',
    ],
    [
      { sizes: '[1, true]' },
      'each item of sizes must be a number (its default is [1,2]); true is not.',
    ],
    [{ flags: 'true,maybe' }, 'each item of flags must be true or false'],
    [
      { regions: '[eu]' },
      '--param regions=[eu]: regions is a list: write a JSON list such as ["a","b"] or comma-separated items such as a,b.',
    ],
    [{ regions: '[["eu"]]' }, 'regions must be a list of strings, numbers or booleans'],
  ])('refuses %j', (overrides, message) => {
    expect(() => applyParamOverrides(declared, overrides)).toThrow(message);
  });
});
