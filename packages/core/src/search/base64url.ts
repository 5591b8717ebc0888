const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url of a string whose characters are all below U+0100 (one byte each). */
export function encodeBase64Url(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : 0;
    if (a > 0xff || b > 0xff || c > 0xff)
      throw new RangeError('encodeBase64Url takes byte strings');
    const triple = (a << 16) | (b << 8) | c;
    const chars = Math.min(4, Math.ceil(((text.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET.charAt((triple >> (18 - 6 * k)) & 0x3f);
  }
  return out;
}

/** Inverse of encodeBase64Url; undefined when `encoded` is not canonical unpadded base64url. */
export function decodeBase64Url(encoded: string): string | undefined {
  if (encoded.length % 4 === 1) return undefined;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const char of encoded) {
    const sextet = ALPHABET.indexOf(char);
    if (sextet < 0) return undefined;
    buffer = (buffer << 6) | sextet;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero, otherwise two different strings would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
