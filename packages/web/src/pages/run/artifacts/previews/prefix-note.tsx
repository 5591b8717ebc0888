import { formatBytes } from '../../format-bytes.js';

/** Says that a preview shows only the beginning of a file too large to read whole. */
export function PrefixNote({ shownBytes, fileSize }: { shownBytes: number; fileSize?: number }) {
  return (
    <p className="artifact-note" role="note">
      The file is {fileSize === undefined ? 'larger than the preview limit' : formatBytes(fileSize)}
      : the preview shows its first {formatBytes(shownBytes)}. Download it to see the rest.
    </p>
  );
}
