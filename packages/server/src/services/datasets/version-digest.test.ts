import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { versionDigest } from './version-digest.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('versionDigest', () => {
  it("is a single file's own digest", () => {
    expect(versionDigest([{ path: 'x.csv', digest: A }])).toBe(A);
  });

  it('hashes the manifest sorted by path, so order does not matter but names do', () => {
    const expected = createHash('sha256').update(`a.csv\t${A}\nb.csv\t${B}\n`).digest('hex');
    const files = [
      { path: 'b.csv', digest: B },
      { path: 'a.csv', digest: A },
    ];
    expect(versionDigest(files)).toBe(expected);
    expect(versionDigest([...files].reverse())).toBe(expected);
    const renamed = [
      { path: 'c.csv', digest: B },
      { path: 'a.csv', digest: A },
    ];
    expect(versionDigest(renamed)).not.toBe(expected);
  });
});
