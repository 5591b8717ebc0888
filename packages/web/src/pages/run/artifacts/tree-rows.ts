import type { ArtifactFileInfo } from '@slipway/core';
import { parentOf } from './artifact-path.js';

/** What is known of a folder's entries: loaded, still loading, or failed. */
export type FolderState =
  { status: 'loaded'; entries: ArtifactFileInfo[] } | { status: 'loading' } | { status: 'failed' };

/** One visible line of the artifact tree. */
export interface TreeRow {
  entry: ArtifactFileInfo;
  /** 1 for the root's entries (aria-level). */
  level: number;
  /** 1-based position among its siblings, and how many siblings there are (aria-posinset/-setsize). */
  position: number;
  siblings: number;
  /** Folders only: whether their entries are shown below them. */
  expanded: boolean;
  /** Folders only, when expanded: whether their entries are still loading or failed to. */
  folderStatus: FolderState['status'] | undefined;
}

/** Folders first, then files, each by name: the order people expect in a file browser. */
export function sortEntries(entries: readonly ArtifactFileInfo[]): ArtifactFileInfo[] {
  return [...entries].sort((a, b) =>
    a.isDir !== b.isDir ? (a.isDir ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}

/**
 * The tree's visible lines, depth first: each folder's entries right below it while it is
 * expanded (as far as they are loaded). The tree is rendered flat from these, with aria-level,
 * so keyboard navigation moves through one list.
 */
export function treeRows(
  folderState: (folder: string) => FolderState | undefined,
  isExpanded: (folder: string) => boolean,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (folder: string, level: number) => {
    const state = folderState(folder);
    if (state?.status !== 'loaded') return;
    const entries = sortEntries(state.entries);
    entries.forEach((entry, index) => {
      const expanded = entry.isDir && isExpanded(entry.path);
      rows.push({
        entry,
        level,
        position: index + 1,
        siblings: entries.length,
        expanded,
        folderStatus: expanded ? (folderState(entry.path)?.status ?? 'loading') : undefined,
      });
      if (expanded) visit(entry.path, level + 1);
    });
  };
  visit('', 1);
  return rows;
}

/** The row of a path's folder, for ArrowLeft; undefined at the top level. */
export function parentRow(rows: readonly TreeRow[], path: string): TreeRow | undefined {
  const parent = parentOf(path);
  return parent === '' ? undefined : rows.find((r) => r.entry.path === parent);
}
