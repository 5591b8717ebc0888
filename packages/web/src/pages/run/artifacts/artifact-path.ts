/** Artifact paths are '/'-separated and relative to the run's root; '' is the root itself. */

/** The last segment: `plots/loss.png` -> `loss.png`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The folder holding a path: `plots/loss.png` -> `plots`; `a.txt` -> ''. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Every folder above a path, outermost first, the root included: `a/b/c` -> ['', 'a', 'a/b']. */
export function foldersAbove(path: string): string[] {
  const folders = [''];
  const segments = path.split('/').filter((s) => s !== '');
  for (let i = 1; i < segments.length; i += 1) folders.push(segments.slice(0, i).join('/'));
  return folders;
}

/** The run page URL showing an artifact (or folder), each segment percent-encoded. */
export function artifactUrl(runId: string, path: string): string {
  const base = `/runs/${encodeURIComponent(runId)}/artifacts`;
  if (path === '') return base;
  return `${base}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The extension in lower case, without the dot: `Model.ONNX` -> `onnx`; '' when none. */
export function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}
