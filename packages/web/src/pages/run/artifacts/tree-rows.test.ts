import { describe, expect, it } from 'vitest';
import type { ArtifactFileInfo } from '@slipway/core';
import { parentRow, treeRows } from './tree-rows.js';
import type { FolderState } from './tree-rows.js';

const file = (path: string, fileSize = 1): ArtifactFileInfo => ({ path, isDir: false, fileSize });
const dir = (path: string): ArtifactFileInfo => ({ path, isDir: true });

const folders: Record<string, FolderState> = {
  '': { status: 'loaded', entries: [file('b.txt'), dir('plots'), file('a.json'), dir('model')] },
  plots: { status: 'loaded', entries: [file('plots/loss.png'), dir('plots/deep')] },
  'plots/deep': { status: 'loading' },
};

describe('treeRows', () => {
  it('lists folders first, then files, and the entries of expanded folders below them', () => {
    const rows = treeRows(
      (f) => folders[f],
      (f) => f === 'plots' || f === 'plots/deep' || f === 'model',
    );
    expect(rows.map((r) => [r.entry.path, r.level, r.position, r.siblings])).toEqual([
      ['model', 1, 1, 4],
      ['plots', 1, 2, 4],
      ['plots/deep', 2, 1, 2],
      ['plots/loss.png', 2, 2, 2],
      ['a.json', 1, 3, 4],
      ['b.txt', 1, 4, 4],
    ]);
    // An expanded folder whose entries were never asked for counts as loading.
    expect(rows[0]?.folderStatus).toBe('loading');
    expect(rows[2]?.folderStatus).toBe('loading');
    expect(rows[1]?.folderStatus).toBe('loaded');
    expect(rows[4]?.folderStatus).toBeUndefined();
  });

  it('hides the entries of collapsed folders', () => {
    const rows = treeRows(
      (f) => folders[f],
      () => false,
    );
    expect(rows.map((r) => r.entry.path)).toEqual(['model', 'plots', 'a.json', 'b.txt']);
    expect(rows.every((r) => !r.expanded)).toBe(true);
  });

  it('finds the row of a folder above an entry', () => {
    const rows = treeRows(
      (f) => folders[f],
      (f) => f === 'plots',
    );
    expect(parentRow(rows, 'plots/loss.png')?.entry.path).toBe('plots');
    expect(parentRow(rows, 'a.json')).toBeUndefined();
  });
});
