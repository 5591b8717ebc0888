import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', 'ten minutes', '5w', '-1s'])('refuses %j as INVALID_ARGUMENT', (text) => {
    let caught: unknown;
    try {
      parseDuration(text, 'step train: timeout');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SlipwayError);
    expect((caught as SlipwayError).code).toBe('INVALID_ARGUMENT');
    expect((caught as SlipwayError).message).toBe(
      `step train: timeout must be a duration such as 500ms, 30s, 10m, 2h or 1d (got ${JSON.stringify(text)})`,
    );
  });
});
