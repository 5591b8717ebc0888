/**
 * Paths in a pipeline (workdir, files) are relative to the pipeline file's directory so the same
 * file plans the same steps, and the same cache keys, on every machine. Written here rather than
 * with node:path because core stays free of Node built-ins.
 */

/** True for `/x`, `\x`, `~/x` and `C:\x` style paths, which a pipeline may not use. */
export function isAbsolutePath(path: string): boolean {
  return /^(?:[/\\~]|[A-Za-z]:[/\\])/u.test(path);
}

/**
 * The relative path without `.` segments, doubled or trailing slashes and with `a/..` folded
 * (`./src//lib/../data/` -> `src/data`); `.` for the directory itself. Leading `..` stay.
 */
export function normalizeRelativePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') {
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.length === 0 ? '.' : segments.join('/');
}

/** `path` taken relative to `base` (both relative), normalised. */
export function joinRelativePath(base: string, path: string): string {
  return normalizeRelativePath(`${base}/${path}`);
}
