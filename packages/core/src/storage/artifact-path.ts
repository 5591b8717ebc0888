import { SlipwayError } from '../errors.js';

/**
 * S3 caps object keys at 1024 UTF-8 bytes and the store may add its own key prefix, so artifact
 * paths stay a little below that.
 */
export const MAX_ARTIFACT_PATH_BYTES = 1000;
/** NAME_MAX on Linux and macOS file systems, so every segment can be a real file name. */
export const MAX_ARTIFACT_SEGMENT_BYTES = 255;

export interface CheckArtifactPathOptions {
  /** Accept '' (and paths that normalise to it, such as '.' or './'), meaning the store root. */
  allowEmpty?: boolean;
}

/**
 * Validates a relative, '/'-separated artifact path and returns its normal form: `.` segments,
 * repeated slashes and a trailing '/' removed. Pure, so it is the same check on every backend.
 *
 * `..` is rejected even where it would stay inside the root: a path must name one place
 * without resolving, so that local files and S3 keys agree.
 */
export function checkArtifactPath(path: string, options: CheckArtifactPathOptions = {}): string {
  if (typeof path !== 'string') {
    throw pathError(String(path), 'it must be a string');
  }
  if (hasControlCharacter(path)) {
    throw pathError(path, 'it must not contain NUL or other control characters');
  }
  if (path.includes('\\')) {
    throw pathError(path, "it must use '/' as the separator, not backslashes");
  }
  if (hasLoneSurrogate(path)) {
    throw pathError(path, 'it must be valid Unicode');
  }
  if (path.startsWith('/')) {
    throw pathError(path, "it must be relative (no leading '/')");
  }
  if (/^[A-Za-z]:/.test(path)) {
    throw pathError(path, 'it must be relative (no Windows drive letter)');
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      throw pathError(path, "it must not contain '..' segments");
    }
    if (utf8Length(segment) > MAX_ARTIFACT_SEGMENT_BYTES) {
      throw pathError(path, `each segment must be at most ${MAX_ARTIFACT_SEGMENT_BYTES} bytes`);
    }
    segments.push(segment);
  }
  const normalised = segments.join('/');
  if (normalised === '' && options.allowEmpty !== true) {
    throw pathError(path, 'it must name a file or directory below the root, not be empty');
  }
  if (utf8Length(normalised) > MAX_ARTIFACT_PATH_BYTES) {
    throw pathError(path, `it must be at most ${MAX_ARTIFACT_PATH_BYTES} bytes long`);
  }
  return normalised;
}

/**
 * Joins path parts with '/' (empty parts are skipped) and checks the result. Returns '' when every
 * part is empty, so it can build a directory that may be the root. Each part is checked on its
 * own too, so an absolute part is an error rather than silently made relative.
 */
export function joinArtifactPath(...parts: string[]): string {
  const checked = parts
    .map((part) => checkArtifactPath(part, { allowEmpty: true }))
    .filter((part) => part !== '');
  return checkArtifactPath(checked.join('/'), { allowEmpty: true });
}

function pathError(path: string, rule: string): SlipwayError {
  // JSON.stringify keeps control characters visible in the message.
  const shown = path.length > 200 ? `${path.slice(0, 200)}...` : path;
  return new SlipwayError({
    code: 'INVALID_ARGUMENT',
    message: `Invalid artifact path ${JSON.stringify(shown)}: ${rule}.`,
    details: { path: shown, rule },
  });
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function hasLoneSurrogate(text: string): boolean {
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return true;
  }
  return false;
}
