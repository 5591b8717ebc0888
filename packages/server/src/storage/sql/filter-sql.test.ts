import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { likeToGlob } from './filter-sql.js';

describe('likeToGlob', () => {
  it('maps LIKE wildcards and brackets GLOB metacharacters', () => {
    expect(likeToGlob('a%b_c')).toBe('a*b?c');
    expect(likeToGlob('*?[x]')).toBe('[*][?][[]x]');
    expect(likeToGlob('100\\%\\_\\\\')).toBe('100%_\\');
    expect(likeToGlob('\\*')).toBe('[*]');
  });

  // The translation is checked against SQLite itself: GLOB with the translated pattern must
  // agree with the LIKE semantics spelled out in each case.
  const sqlite = new Database(':memory:');
  const glob = sqlite.prepare<[string, string], { m: number }>('select ? glob ? as m');
  const cases: [value: string, pattern: string, matches: boolean][] = [
    ['Adam', 'A%', true],
    ['adam', 'A%', false],
    ['a*b[1]?', 'a*b[1]%', true],
    ['axb[1]?', 'a*b[1]%', false],
    ['a?', 'a\\?', true],
    ['ab', 'a\\?', false],
    ['50%', '50\\%', true],
    ['500', '50\\%', false],
    ['x_y', 'x\\_y', true],
    ['xzy', 'x\\_y', false],
    ['é', '_', true],
    ['[a]', '[a]', true],
    ['a', '[a]', false],
    ['back\\slash', 'back\\\\slash', true],
  ];
  it.each(cases)('%s LIKE %s is %s', (value, pattern, matches) => {
    expect(glob.get(value, likeToGlob(pattern))?.m).toBe(matches ? 1 : 0);
  });
});
