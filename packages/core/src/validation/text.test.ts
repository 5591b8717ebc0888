import { describe, expect, it } from 'vitest';
import { refuseNul, validateOptionalText, validateText } from './text.js';

describe('validateText', () => {
  it('bounds a field, naming it and the limit', () => {
    expect(validateText('source', 'x'.repeat(500), 500)).toHaveLength(500);
    expect(() => validateText('source', 'x'.repeat(501), 500)).toThrow(
      "'source' exceeds the maximum length of 500 characters (got 501).",
    );
    expect(() => validateText('run_link', 3, 500)).toThrow(/'run_link' must be a string/u);
    expect(validateOptionalText('run_link', undefined, 500)).toBe('');
  });
  it('refuses NUL anywhere in the text', () => {
    expect(() => validateText('user_id', 'bob\u0000', 256)).toThrow(/'user_id' must not contain/u);
    expect(() => refuseNul('Description', '\u0000')).toThrow(/Description must not contain/u);
    expect(refuseNul('x', 'fine')).toBe('fine');
  });
});
