import { baseName } from './artifact-path.js';
import { parentRow } from './tree-rows.js';
import type { TreeRow } from './tree-rows.js';

/** What a key pressed on a tree line does (the WAI-ARIA Authoring Practices' tree view keys). */
export type TreeKeyAction =
  | { kind: 'focus'; index: number }
  | { kind: 'expand'; path: string; open: boolean }
  | { kind: 'activate' }
  /** A tree key with nothing to do here (Up on the first line): still not the page's. */
  | { kind: 'none' };

/**
 * The action of `key` on the line at `index`, or undefined when the tree does not handle the
 * key. Page Up and Page Down move by `pageRows` lines (not in the pattern, but a folder of
 * thousands of files needs more than one line at a time).
 */
export function treeKeyAction(
  key: string,
  index: number,
  rows: readonly TreeRow[],
  pageRows: number,
): TreeKeyAction | undefined {
  const row = rows[index];
  if (row === undefined) return undefined;
  const last = rows.length - 1;
  const to = (target: number): TreeKeyAction => ({
    kind: 'focus',
    index: Math.min(last, Math.max(0, target)),
  });
  const { entry, expanded } = row;
  switch (key) {
    case 'ArrowDown':
      return to(index + 1);
    case 'ArrowUp':
      return to(index - 1);
    case 'PageDown':
      return to(index + pageRows);
    case 'PageUp':
      return to(index - pageRows);
    case 'Home':
      return to(0);
    case 'End':
      return to(last);
    case 'ArrowRight':
      if (entry.isDir && !expanded) return { kind: 'expand', path: entry.path, open: true };
      if (entry.isDir && rows[index + 1]?.level === row.level + 1) return to(index + 1);
      return { kind: 'none' };
    case 'ArrowLeft': {
      if (entry.isDir && expanded) return { kind: 'expand', path: entry.path, open: false };
      const parent = parentRow(rows, entry.path);
      return parent === undefined ? { kind: 'none' } : to(rows.indexOf(parent));
    }
    case 'Enter':
    case ' ':
      return { kind: 'activate' };
    default:
      return undefined;
  }
}

/**
 * Type-ahead: the first line at or after `from` (going round to the top) whose name starts with
 * `prefix`, ignoring case; undefined when none does.
 */
export function typeAheadIndex(
  rows: readonly TreeRow[],
  from: number,
  prefix: string,
): number | undefined {
  const wanted = prefix.toLowerCase();
  for (let step = 0; step < rows.length; step += 1) {
    const index = (from + step) % rows.length;
    const row = rows[index];
    if (row !== undefined && baseName(row.entry.path).toLowerCase().startsWith(wanted)) {
      return index;
    }
  }
  return undefined;
}
