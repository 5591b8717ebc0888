import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes.js';
import { formatDuration } from './format-duration.js';

describe('formatBytes', () => {
  it('writes sizes in binary units with a few significant digits', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * 1024 + 300)).toBe('10.3 KiB');
    expect(formatBytes(32 * 1024 * 1024)).toBe('32 MiB');
    expect(formatBytes(250 * 1024 * 1024 * 1024)).toBe('250 GiB');
  });
});

describe('formatDuration', () => {
  it('uses at most two units', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration((2 * 60 + 14) * 60_000 + 5000)).toBe('2 h 14 min');
    expect(formatDuration((3 * 24 + 4) * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-1)).toBe('—');
  });
});
