/** The first bytes of a file, and whether there were more. */
export interface FilePrefix {
  bytes: Uint8Array;
  /** True when the file goes on past `bytes`. */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` from a stream, then cancels it, so the preview of a 2 GB log costs
 * its first megabyte rather than the whole download.
 */
export async function readPrefix(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<FilePrefix> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - length));
        length = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(value);
      length += value.length;
    }
  } finally {
    if (truncated) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, truncated };
}
