import { describe, expect, it } from 'vitest';
import { validateAlias, validateEntityName, validateKey, validateParamValue } from './names.js';

describe('validateKey', () => {
  it.each(['acc', 'train/loss', 'val acc', 'a-b_c.d', 'ns:metric'])('accepts %s', (k) => {
    expect(validateKey('metric', k)).toBe(k);
  });
  it.each(['', '../x', '/abs', 'a..b', 'bad\nkey', 'semi;colon'])('rejects %j', (k) => {
    expect(() => validateKey('metric', k)).toThrow(/metric/u);
  });
  it('rejects keys over 250 characters with the limit in the message', () => {
    expect(() => validateKey('param', 'k'.repeat(251))).toThrow(/250/u);
    expect(validateKey('param', 'k'.repeat(250))).toHaveLength(250);
  });
});

describe('values and names', () => {
  it('bounds param values at 6000 characters', () => {
    expect(validateParamValue('p', 'v'.repeat(6000))).toHaveLength(6000);
    expect(() => validateParamValue('p', 'v'.repeat(6001))).toThrow(/6000/u);
    expect(() => validateParamValue('p', 3)).toThrow(/string/u);
  });
  it('rejects blank and control-character names', () => {
    expect(() => validateEntityName('Experiment', '  ', 500)).toThrow(/non-empty/u);
    expect(() => validateEntityName('Experiment', 'a\u0001b', 500)).toThrow(/control/u);
    expect(validateEntityName('Experiment', 'fraud v2', 500)).toBe('fraud v2');
  });
  it('reserves latest and version-like aliases', () => {
    expect(validateAlias('champion')).toBe('champion');
    expect(() => validateAlias('latest')).toThrow(/reserved/u);
    expect(() => validateAlias('v3')).toThrow(/reserved/u);
    expect(() => validateAlias('has space')).toThrow(/Invalid alias/u);
  });
});
