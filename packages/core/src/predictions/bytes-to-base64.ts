const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Standard padded base64 (RFC 4648 §4), the same text as Node's `Buffer#toString('base64')`;
 * core runs without Node's Buffer.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const whole = n - (n % 3);
  let out = '';
  for (let i = 0; i < whole; i += 3) {
    const triple = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    const word = triple | (bytes[i + 2] as number);
    out +=
      ALPHABET.charAt(word >>> 18) +
      ALPHABET.charAt((word >>> 12) & 63) +
      ALPHABET.charAt((word >>> 6) & 63) +
      ALPHABET.charAt(word & 63);
  }
  if (n - whole === 1) {
    const word = (bytes[whole] as number) << 16;
    out += `${ALPHABET.charAt(word >>> 18)}${ALPHABET.charAt((word >>> 12) & 63)}==`;
  } else if (n - whole === 2) {
    const word = ((bytes[whole] as number) << 16) | ((bytes[whole + 1] as number) << 8);
    out += `${ALPHABET.charAt(word >>> 18)}${ALPHABET.charAt((word >>> 12) & 63)}${ALPHABET.charAt((word >>> 6) & 63)}=`;
  }
  return out;
}
