import { useCallback, useState } from 'react';
import type { FilePrefix } from '../read-prefix.js';

/**
 * An image from its bytes, through a blob URL (the file cannot be linked: the API needs the
 * session's token). Always an <img>, SVG included: an SVG shown as an image runs no scripts and
 * loads nothing.
 */
export function ImagePreview({
  prefix,
  mimeType,
  name,
}: {
  prefix: FilePrefix;
  mimeType: string;
  name: string;
}) {
  const [failed, setFailed] = useState(false);
  // The object URL lives as long as the <img> shows these bytes: made when it mounts, revoked
  // when it unmounts or the bytes change (a ref callback's cleanup, React 19).
  const attach = useCallback(
    (img: HTMLImageElement | null) => {
      if (img === null) return;
      const url = URL.createObjectURL(
        new Blob([prefix.bytes as Uint8Array<ArrayBuffer>], { type: mimeType }),
      );
      img.src = url;
      return () => URL.revokeObjectURL(url);
    },
    [prefix, mimeType],
  );
  if (failed) {
    return (
      <p className="artifact-note" role="note">
        The browser could not show {name} as an image.
      </p>
    );
  }
  return (
    <div className="artifact-image">
      <img ref={attach} alt={`Preview of ${name}`} onError={() => setFailed(true)} />
    </div>
  );
}
