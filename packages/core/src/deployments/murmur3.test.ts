import { describe, expect, it } from 'vitest';
import { fmix32, murmur3 } from './murmur3.js';

// Reference byte-wise MurmurHash3 x86_32 over an explicit byte array, written from the algorithm's
// description, to check that the streaming UTF-8 encoder feeds the same bytes.
function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
  let h = seed | 0;
  const blocks = Math.floor(bytes.length / 4);
  const k1Of = (k: number): number => Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
  for (let i = 0; i < blocks; i += 1) {
    const k =
      (bytes[i * 4] as number) |
      ((bytes[i * 4 + 1] as number) << 8) |
      ((bytes[i * 4 + 2] as number) << 16) |
      ((bytes[i * 4 + 3] as number) << 24);
    h ^= k1Of(k);
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = bytes.length - 1; i >= blocks * 4; i -= 1) {
    tail = (tail << 8) | (bytes[i] as number);
  }
  if (bytes.length % 4 !== 0) h ^= k1Of(tail);
  return fmix32(h ^ bytes.length);
}

describe('murmur3', () => {
  // Published MurmurHash3_x86_32 vectors (SMHasher; Boost.Hash2's test suite; mmh3).
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['\0\0\0', 0, 0x85f0b427],
    ['\0\0', 0, 0x30f4c306],
    ['\0', 0, 0x514e28b7],
    ['\x21\x43\x65', 0, 0x7e4a8634],
    ['\x21\x43', 0, 0xa0f7b07a],
    ['\x21', 0, 0x72661cf4],
    ['abc', 0, 0xb3dd93fa],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 0, 0xee925b90],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ['Hello world', 0, 2911983372],
    ['Hello, world!', 0, 3224780355],
    ['Turn me into a hash', 1234, 4138100590],
    ['Life, the Universe, and Everything.', 42, 458076548],
  ])('%j with seed %d', (text, seed, expected) => {
    expect(murmur3(text, seed)).toBe(expected);
  });

  it.each(['π', 'ππππππππ', 'é-user-42', '🌵', 'a🌵b', '日本語のキー', '\ud800x'])(
    'hashes the UTF-8 bytes of %j',
    (text) => {
      const bytes = new TextEncoder().encode(text);
      expect(murmur3(text, 0x9747b28c)).toBe(murmur3Bytes(bytes, 0x9747b28c));
      expect(murmur3(text)).toBe(murmur3Bytes(bytes, 0));
    },
  );

  it('spreads sequential keys evenly over 16 ranges', () => {
    const counts = new Array<number>(16).fill(0);
    const n = 64_000;
    for (let i = 0; i < n; i += 1) {
      const index = murmur3(`user-${i}`) >>> 28;
      counts[index] = (counts[index] as number) + 1;
    }
    // Chi-square with 15 degrees of freedom; 37.7 is the 0.999 quantile.
    const expected = n / 16;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(37.7);
  });
});
