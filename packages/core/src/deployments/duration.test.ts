import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['1d12h', 129_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    [' 2s ', 2_000],
  ])('%s is %d ms', (text, expected) => {
    expect(parseDurationMs(text)).toBe(expected);
  });
  it.each(['', '30', 's', '30 s', '-5s', '5w', '1h-', 'ms30', '1..5s'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('formatDurationMs', () => {
  it.each([
    [30_000, '30s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [7_200_000, '2h'],
    [1_500, '1500ms'],
    [0, '0ms'],
  ])('%d ms is %s', (ms, expected) => {
    expect(formatDurationMs(ms)).toBe(expected);
  });
});
