import { describe, expect, it } from 'vitest';
import type { ArtifactFileInfo } from '@slipway/core';
import { treeKeyAction, typeAheadIndex } from './tree-keys.js';
import { treeRows } from './tree-rows.js';
import type { FolderState } from './tree-rows.js';

const file = (path: string): ArtifactFileInfo => ({ path, isDir: false, fileSize: 1 });
const dir = (path: string): ArtifactFileInfo => ({ path, isDir: true });

// Visible lines: 0 data/ (open), 1 data/a.csv, 2 data/B.csv, 3 model/ (closed), 4 notes.txt, 5 readme.md
const folders: Record<string, FolderState> = {
  '': {
    status: 'loaded',
    entries: [file('readme.md'), dir('model'), file('notes.txt'), dir('data')],
  },
  data: { status: 'loaded', entries: [file('data/B.csv'), file('data/a.csv')] },
};
const rows = treeRows(
  (f) => folders[f],
  (f) => f === 'data',
);

describe('treeKeyAction', () => {
  it('moves up, down, by pages and to the ends, never past them', () => {
    expect(rows.map((r) => r.entry.path)).toEqual([
      'data',
      'data/B.csv',
      'data/a.csv',
      'model',
      'notes.txt',
      'readme.md',
    ]);
    expect(treeKeyAction('ArrowDown', 0, rows, 3)).toEqual({ kind: 'focus', index: 1 });
    expect(treeKeyAction('ArrowDown', 5, rows, 3)).toEqual({ kind: 'focus', index: 5 });
    expect(treeKeyAction('ArrowUp', 0, rows, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(treeKeyAction('PageDown', 1, rows, 3)).toEqual({ kind: 'focus', index: 4 });
    expect(treeKeyAction('PageDown', 4, rows, 3)).toEqual({ kind: 'focus', index: 5 });
    expect(treeKeyAction('PageUp', 2, rows, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(treeKeyAction('Home', 4, rows, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(treeKeyAction('End', 0, rows, 3)).toEqual({ kind: 'focus', index: 5 });
  });

  it('opens and enters folders with Right, closes them or goes up with Left', () => {
    expect(treeKeyAction('ArrowRight', 3, rows, 3)).toEqual({
      kind: 'expand',
      path: 'model',
      open: true,
    });
    expect(treeKeyAction('ArrowRight', 0, rows, 3)).toEqual({ kind: 'focus', index: 1 });
    expect(treeKeyAction('ArrowRight', 4, rows, 3)).toEqual({ kind: 'none' });
    expect(treeKeyAction('ArrowLeft', 0, rows, 3)).toEqual({
      kind: 'expand',
      path: 'data',
      open: false,
    });
    expect(treeKeyAction('ArrowLeft', 2, rows, 3)).toEqual({ kind: 'focus', index: 0 });
    expect(treeKeyAction('ArrowLeft', 5, rows, 3)).toEqual({ kind: 'none' });
  });

  it('activates with Enter and Space, and leaves other keys to the page', () => {
    expect(treeKeyAction('Enter', 1, rows, 3)).toEqual({ kind: 'activate' });
    expect(treeKeyAction(' ', 1, rows, 3)).toEqual({ kind: 'activate' });
    expect(treeKeyAction('Tab', 1, rows, 3)).toBeUndefined();
    expect(treeKeyAction('ArrowDown', 9, rows, 3)).toBeUndefined();
  });
});

describe('typeAheadIndex', () => {
  it('finds the next name with the prefix, ignoring case, going round to the top', () => {
    expect(typeAheadIndex(rows, 0, 'b')).toBe(1);
    expect(typeAheadIndex(rows, 2, 'B.')).toBe(1);
    expect(typeAheadIndex(rows, 2, 'b.csvx')).toBeUndefined();
    expect(typeAheadIndex(rows, 4, 'no')).toBe(4);
    expect(typeAheadIndex(rows, 5, 'mod')).toBe(3);
    expect(typeAheadIndex(rows, 0, 'zz')).toBeUndefined();
    expect(typeAheadIndex([], 0, 'a')).toBeUndefined();
  });
});
