/**
 * Re-cuts a byte stream into chunks of exactly `chunkSize` bytes (the last one may be shorter).
 * S3 multipart parts need a known length and at least 5 MiB, while an upload stream arrives in
 * small pieces of unknown total size: this holds one chunk at a time, never the whole stream.
 * Ending the iteration early (return/throw) ends the source's iteration too, which destroys a
 * Node Readable.
 */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array | string>,
  chunkSize: number,
): AsyncGenerator<Buffer, void, undefined> {
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  }
  let pending: Buffer[] = [];
  let size = 0;
  for await (const piece of source) {
    const bytes =
      typeof piece === 'string'
        ? Buffer.from(piece)
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (bytes.length === 0) continue;
    pending.push(bytes);
    size += bytes.length;
    while (size >= chunkSize) {
      const joined = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, size);
      yield joined.subarray(0, chunkSize);
      const rest = joined.subarray(chunkSize);
      pending = rest.length > 0 ? [rest] : [];
      size = rest.length;
    }
  }
  if (size > 0) yield Buffer.concat(pending, size);
}
