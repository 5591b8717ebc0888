import type { FilePrefix } from './read-prefix.js';

/** Text decoded from a file's first bytes; undefined when the bytes do not look like text. */
export function decodeText({ bytes, truncated }: FilePrefix): string | undefined {
  // A NUL byte in the first few kilobytes: a binary file (UTF-16 text is rare among artifacts).
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  // A cut prefix may end inside a multi-byte character; `stream` keeps it out of the text.
  return new TextDecoder('utf-8').decode(bytes, { stream: truncated });
}
