import { describe, expect, it } from 'vitest';
import { parseAuthorization } from './credentials.js';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseAuthorization', () => {
  it('reads Basic and Bearer credentials', () => {
    expect(parseAuthorization(basic('alice:s3cret:with:colons'))).toEqual({
      kind: 'basic',
      username: 'alice',
      password: 's3cret:with:colons',
    });
    expect(parseAuthorization('bearer slw_abc')).toEqual({ kind: 'bearer', token: 'slw_abc' });
    expect(parseAuthorization(undefined)).toBeUndefined();
  });

  it('refuses other schemes and broken values with UNAUTHENTICATED', () => {
    for (const header of [
      'Digest x',
      basic('nocolon'),
      basic(':nopassworduser'),
      'Bearer ',
      'Token',
    ]) {
      expect(() => parseAuthorization(header)).toThrow(
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      );
    }
  });
});
