/** Murmur3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 64-bit hash of a string as two unsigned 32-bit halves: two FNV-1a passes with different
 * offset bases, each finalised by Murmur3's mixer. Not cryptographic; HyperLogLog only needs the
 * bits to look uniform, and 32 bits alone would saturate its register ranks past ~10^9 values.
 */
export function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x2c1b3c6d;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [fmix32(a ^ text.length), fmix32(b + Math.imul(text.length, 0x9e3779b9))];
}
