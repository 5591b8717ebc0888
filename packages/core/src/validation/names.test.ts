import { describe, expect, it } from 'vitest';
import {
  validateAlias,
  validateEntityName,
  validateKey,
  validateParamValue,
  validateRunTag,
  validateTagValue,
} from './names.js';

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
  it('truncates param values to 6000 characters, as MLflow does by default', () => {
    expect(validateParamValue('p', 'v'.repeat(6000))).toHaveLength(6000);
    expect(validateParamValue('p', `${'v'.repeat(6000)}tail`)).toBe('v'.repeat(6000));
    expect(() => validateParamValue('p', 3)).toThrow(/string/u);
  });
  it('counts characters as Python does: never half a surrogate pair', () => {
    const emoji = '\u{1F600}';
    const value = emoji.repeat(6001);
    const kept = validateParamValue('p', value);
    expect([...kept]).toHaveLength(6000);
    expect(kept).toBe(emoji.repeat(6000));
    expect(validateParamValue('p', `${'a'.repeat(5999)}${emoji}x`)).toBe(
      `${'a'.repeat(5999)}${emoji}`,
    );
  });
  it('truncates run tag values at 8000 but refuses other long tag values', () => {
    expect(validateRunTag({ key: 't', value: 'x'.repeat(9000) }).value).toHaveLength(8000);
    expect(validateRunTag({ key: 't' }).value).toBe('');
    expect(() => validateRunTag({ key: 'k'.repeat(251), value: 'x' })).toThrow(/250/u);
    expect(() => validateTagValue('t', 'x'.repeat(8001))).toThrow(/8000/u);
  });
  it('refuses NUL in values, naming the field', () => {
    expect(() => validateParamValue('lr', 'a\u0000b')).toThrow(/Param 'lr' value.*NUL/u);
    expect(() => validateTagValue('t', '\u0000')).toThrow(/Tag 't' value.*NUL/u);
    expect(() => validateRunTag({ key: 't', value: 'x\u0000' })).toThrow(/NUL/u);
    expect(() => validateKey('param', 'a\u0000')).toThrow(/Invalid param name/u);
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
