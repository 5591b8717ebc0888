import { describe, expect, it } from 'vitest';
import { isAbsolutePath, joinRelativePath, normalizeRelativePath } from './relative-path.js';

describe('relative paths', () => {
  it.each([
    ['.', '.'],
    ['./', '.'],
    ['src', 'src'],
    ['./src//lib/../data/', 'src/data'],
    ['a/..', '.'],
    ['../shared/./x', '../shared/x'],
    ['../../x/..', '../..'],
  ])('normalises %j to %j', (path, expected) => {
    expect(normalizeRelativePath(path)).toBe(expected);
  });

  it('joins a path onto a base', () => {
    expect(joinRelativePath('pipelines', '../src')).toBe('src');
    expect(joinRelativePath('.', '.')).toBe('.');
    expect(joinRelativePath('a', 'b/c')).toBe('a/b/c');
  });

  it.each([
    ['/etc', true],
    ['\\share', true],
    ['~/data', true],
    ['C:\\data', true],
    ['c:/data', true],
    ['data', false],
    ['../data', false],
    ['a:b', false],
  ])('%j is absolute: %s', (path, absolute) => {
    expect(isAbsolutePath(path)).toBe(absolute);
  });
});
