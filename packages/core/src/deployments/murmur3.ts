const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH(h: number, k: number): number {
  h ^= mixK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3 x86_32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. The bytes are
 * produced on the fly so hashing a routing key allocates nothing. Not cryptographic.
 */
export function murmur3(text: string, seed = 0): number {
  let h = seed | 0;
  let block = 0;
  let filled = 0;
  let length = 0;
  const push = (byte: number): void => {
    block |= byte << (filled * 8);
    filled += 1;
    length += 1;
    if (filled === 4) {
      h = mixH(h, block);
      block = 0;
      filled = 0;
    }
  };
  for (let i = 0; i < text.length; i += 1) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      }
    }
    // Lone surrogates become U+FFFD, as TextEncoder does.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) push(cp);
    else if (cp < 0x800) {
      push(0xc0 | (cp >> 6));
      push(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      push(0xe0 | (cp >> 12));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    } else {
      push(0xf0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3f));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    }
  }
  if (filled > 0) h ^= mixK(block);
  return fmix32(h ^ length);
}
