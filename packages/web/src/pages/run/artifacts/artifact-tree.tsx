import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { formatBytes } from '../format-bytes.js';
import { baseName } from './artifact-path.js';
import { parentRow } from './tree-rows.js';
import type { TreeRow } from './tree-rows.js';

interface ArtifactTreeProps {
  rows: TreeRow[];
  selectedPath: string;
  /** Enter, Space or a click: open a file, or open and toggle a folder. */
  onActivate: (row: TreeRow) => void;
  /** ArrowRight / ArrowLeft on a folder. */
  onExpand: (folder: string, expanded: boolean) => void;
}

/**
 * The run's artifacts as an ARIA tree (the WAI-ARIA Authoring Practices' tree view): one Tab stop;
 * Up and Down move between visible lines, Right opens a folder or enters it, Left closes it or
 * goes to its folder, Home and End jump to the ends, Enter or Space opens. Rendered flat with
 * aria-level so that the keys move through one list.
 */
export function ArtifactTree({ rows, selectedPath, onActivate, onExpand }: ArtifactTreeProps) {
  const [focusPath, setFocusPath] = useState<string | undefined>(undefined);
  const items = useRef(new Map<string, HTMLLIElement>());
  const has = (path: string | undefined) =>
    path !== undefined && rows.some((r) => r.entry.path === path);
  // The one line reachable by Tab: the last one focused, else the open artifact, else the first.
  const tabStop = has(focusPath)
    ? focusPath
    : has(selectedPath)
      ? selectedPath
      : rows[0]?.entry.path;

  const focus = (row: TreeRow | undefined) => {
    if (row === undefined) return;
    setFocusPath(row.entry.path);
    items.current.get(row.entry.path)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const row = rows[index];
    if (row === undefined) return;
    const { entry, expanded } = row;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focus(rows[index + 1]);
        break;
      case 'ArrowUp':
        focus(rows[index - 1]);
        break;
      case 'Home':
        focus(rows[0]);
        break;
      case 'End':
        focus(rows[rows.length - 1]);
        break;
      case 'ArrowRight':
        if (entry.isDir && !expanded) onExpand(entry.path, true);
        else if (entry.isDir && rows[index + 1]?.level === row.level + 1) focus(rows[index + 1]);
        break;
      case 'ArrowLeft':
        if (entry.isDir && expanded) onExpand(entry.path, false);
        else focus(parentRow(rows, entry.path));
        break;
      case 'Enter':
      case ' ':
        setFocusPath(entry.path);
        onActivate(row);
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <ul className="artifact-tree" role="tree" aria-label="Artifacts">
      {rows.map((row, index) => {
        const { entry } = row;
        const name = baseName(entry.path);
        return (
          <li
            key={entry.path}
            ref={(el) => {
              if (el === null) items.current.delete(entry.path);
              else items.current.set(entry.path, el);
            }}
            role="treeitem"
            aria-level={row.level}
            aria-posinset={row.position}
            aria-setsize={row.siblings}
            aria-expanded={entry.isDir ? row.expanded : undefined}
            aria-selected={entry.path === selectedPath}
            aria-busy={row.folderStatus === 'loading' ? true : undefined}
            tabIndex={entry.path === tabStop ? 0 : -1}
            data-path={entry.path}
            className={`tree-item level-${Math.min(row.level, 8)}`}
            onKeyDown={(e) => onKeyDown(e, index)}
            onClick={() => {
              setFocusPath(entry.path);
              onActivate(row);
            }}
          >
            <span className="tree-icon" aria-hidden="true">
              {entry.isDir ? (row.expanded ? '▾' : '▸') : '·'}
            </span>
            <span className="tree-name">{name}</span>
            {entry.isDir ? (
              <span className="tree-meta">
                {row.folderStatus === 'loading' && 'loading…'}
                {row.folderStatus === 'failed' && 'could not list'}
              </span>
            ) : (
              <span className="tree-meta">{formatBytes(entry.fileSize)}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
