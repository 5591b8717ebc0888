import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export async function sha256Of(stream: Readable): Promise<{ hex: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Uint8Array);
    bytes += (chunk as Uint8Array).length;
  }
  return { hex: hash.digest('hex'), bytes };
}

/**
 * A byte stream of random data and unknown length (nothing tells the consumer its size), with
 * the SHA-256 of what it produced computed on the side, independently of the code under test.
 */
export function generatedStream(
  totalBytes: number,
  chunkBytes = 64 * 1024,
): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  async function* generate(): AsyncGenerator<Buffer> {
    for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
      const chunk = randomBytes(Math.min(chunkBytes, totalBytes - sent));
      hash.update(chunk);
      yield chunk;
    }
  }
  let digest: string | undefined;
  return {
    stream: Readable.from(generate(), { objectMode: false }),
    sha256: () => (digest ??= hash.digest('hex')),
  };
}

/** A stream that sends `bytesBeforeError` random bytes and then fails. */
export function failingStream(bytesBeforeError: number, message = 'source stream broke'): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    const chunk = 256 * 1024;
    for (let sent = 0; sent < bytesBeforeError; sent += chunk) {
      yield randomBytes(Math.min(chunk, bytesBeforeError - sent));
    }
    throw new Error(message);
  }
  return Readable.from(generate(), { objectMode: false });
}
