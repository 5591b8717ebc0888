import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { fnv1a64 } from './fnv1a.js';
import { decodePageToken, encodePageToken } from './page-token.js';

function pageTokenError(token: string, fingerprint: string): SlipwayError {
  try {
    decodePageToken(token, fingerprint);
  } catch (err) {
    expect(err).toBeInstanceOf(SlipwayError);
    return err as SlipwayError;
  }
  throw new Error(`expected ${token} to be rejected`);
}

const b64url = (text: string) => Buffer.from(text, 'latin1').toString('base64url');

describe('fnv1a64', () => {
  // Reference values from the FNV specification's test suite (64-bit FNV-1a).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to %s', (text, hex) => {
    expect(fnv1a64(text)).toBe(hex);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    // 'é' is C3 A9 in UTF-8: two rounds of xor-then-multiply from the offset basis.
    const prime = 0x100000001b3n;
    const mask = (1n << 64n) - 1n;
    let h = 0xcbf29ce484222325n;
    for (const byte of [0xc3, 0xa9]) h = ((h ^ BigInt(byte)) * prime) & mask;
    expect(fnv1a64('é')).toBe(h.toString(16).padStart(16, '0'));
  });
});

describe('base64url', () => {
  it.each(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', '{"v":1,"o":20}', '\u00ff\u0000'])(
    'matches Node for %j and round-trips',
    (text) => {
      expect(encodeBase64Url(text)).toBe(b64url(text));
      expect(decodeBase64Url(b64url(text))).toBe(text);
    },
  );

  it('rejects characters outside the alphabet, padding and impossible lengths', () => {
    expect(decodeBase64Url('ab+c')).toBeUndefined();
    expect(decodeBase64Url('Zm9v=')).toBeUndefined();
    expect(decodeBase64Url('abcde')).toBeUndefined();
    expect(decodeBase64Url('Zh')).toBeUndefined(); // non-zero leftover bits
  });
});

describe('page tokens', () => {
  it('round-trips the offset for the same fingerprint', () => {
    for (const offset of [0, 1, 100, 123456789, Number.MAX_SAFE_INTEGER]) {
      const token = encodePageToken(offset, 'runs|metrics.acc > 1|exp 1,2');
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodePageToken(token, 'runs|metrics.acc > 1|exp 1,2')).toBe(offset);
    }
  });

  it('treats a missing or empty token as the first page', () => {
    expect(decodePageToken(undefined, 'q')).toBe(0);
    expect(decodePageToken('', 'q')).toBe(0);
  });

  it('rejects a token issued for a different query', () => {
    const token = encodePageToken(50, 'filter A');
    const err = pageTokenError(token, 'filter B');
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/^Invalid page token: it belongs to a different query/);
  });

  it.each([
    ['not base64 !', 'garbage characters'],
    [b64url('not json'), 'not JSON'],
    [b64url('[1,2]'), 'a JSON array'],
    [b64url('null'), 'JSON null'],
    [b64url('{"offset": 5}'), 'an MLflow-style token'],
    [b64url(`{"v":2,"o":5,"f":"${fnv1a64('q')}"}`), 'an unknown version'],
    [b64url(`{"v":1,"o":-5,"f":"${fnv1a64('q')}"}`), 'a negative offset'],
    [b64url(`{"v":1,"o":1.5,"f":"${fnv1a64('q')}"}`), 'a fractional offset'],
    [b64url(`{"v":1,"o":"5","f":"${fnv1a64('q')}"}`), 'a string offset'],
    [b64url(`{"v":1,"o":5}`), 'no fingerprint'],
    ['A'.repeat(300), 'an overlong token'],
  ])('rejects %j (%s) with "Invalid page token"', (token) => {
    const err = pageTokenError(token, 'q');
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/^Invalid page token/);
  });

  it('accepts a hand-built token of the documented shape', () => {
    const token = b64url(`{"v":1,"o":40,"f":"${fnv1a64('q')}"}`);
    expect(decodePageToken(token, 'q')).toBe(40);
  });

  it('refuses to encode an invalid offset', () => {
    expect(() => encodePageToken(-1, 'q')).toThrow(SlipwayError);
    expect(() => encodePageToken(2.5, 'q')).toThrow(/non-negative integer/);
  });
});
