import { useMemo } from 'react';
import type { FilePrefix } from '../read-prefix.js';
import { decodeText } from '../decode-text.js';
import { PrefixNote } from './prefix-note.js';
import { TextPreview } from './text-preview.js';

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * A JSON file pretty-printed (two-space indent). A file cut at the preview limit cannot be
 * parsed, so its beginning is shown as it is; so is a file that is not valid JSON, with why.
 */
export function JsonPreview({
  prefix,
  fileSize,
  name,
}: {
  prefix: FilePrefix;
  fileSize: number | undefined;
  name: string;
}) {
  const text = useMemo(() => decodeText(prefix) ?? '', [prefix]);
  const parsed = useMemo(() => (prefix.truncated ? undefined : parseJson(text)), [prefix, text]);
  if (parsed === undefined) {
    return (
      <>
        <PrefixNote shownBytes={prefix.bytes.length} fileSize={fileSize} />
        <TextPreview text={text} label={`Beginning of ${name}`} />
      </>
    );
  }
  if (!parsed.ok) {
    return (
      <>
        <p className="artifact-note" role="note">
          Not valid JSON ({parsed.message}); shown as text.
        </p>
        <TextPreview text={text} label={`Contents of ${name}`} />
      </>
    );
  }
  return <JsonBlock value={parsed.value} label={`Contents of ${name}`} />;
}

/** Any JSON value, pretty-printed. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const pretty = useMemo(() => JSON.stringify(value, null, 2), [value]);
  return <TextPreview text={pretty} label={label} />;
}
