import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { formatBytes } from '../format-bytes.js';
import { baseName } from './artifact-path.js';
import './artifact-tree.css';
import { treeKeyAction, typeAheadIndex } from './tree-keys.js';
import type { TreeRow } from './tree-rows.js';

/** A line's height before it is measured (one line of text and its padding). */
const ROW_HEIGHT = 28;
/** Lines rendered beyond each edge of the visible ones. */
const OVERSCAN = 12;
/** Typed characters further apart than this start a new type-ahead search. */
const TYPE_AHEAD_MS = 700;

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
 * goes to its folder, Home and End jump to the ends, Page Up and Down by a screenful, typed
 * characters to the next name starting with them, Enter or Space opens. Rendered flat with
 * aria-level so that the keys move through one list.
 *
 * Only the lines in view (and a few either side) are in the page, so a folder of 20,000 files
 * costs a screenful of elements: each line says where it stands with aria-level, aria-posinset
 * and aria-setsize, the keys move by index and scroll the target into view before focusing it,
 * and the Tab stop line (the focused one) stays rendered however far it is scrolled away, so
 * focus is never dropped. Virtualised rather than paged, because a "show more" button inside a
 * tree is no tree item, and would make End and the set sizes stop at what was shown.
 */
export function ArtifactTree({ rows, selectedPath, onActivate, onExpand }: ArtifactTreeProps) {
  const [focusPath, setFocusPath] = useState<string | undefined>(undefined);
  const scroller = useRef<HTMLElement>(null);
  const items = useRef(new Map<string, HTMLLIElement>());
  const pendingFocus = useRef<string | undefined>(undefined);
  const typed = useRef({ text: '', at: 0 });
  const indexOf = useMemo(() => new Map(rows.map((row, index) => [row.entry.path, index])), [rows]);
  const selectedIndex = indexOf.get(selectedPath);
  // The one line reachable by Tab: the last one focused, else the open artifact, else the first.
  const tabStopIndex =
    (focusPath === undefined ? undefined : indexOf.get(focusPath)) ?? selectedIndex ?? 0;
  const tabStop = rows[tabStopIndex]?.entry.path;

  // The UI is not built with React Compiler, whose memoising this rule guards; the virtualizer
  // re-renders this component itself whenever the visible range changes.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    paddingStart: 4,
    paddingEnd: 4,
    getItemKey: (index) => rows[index]?.entry.path ?? index,
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      if (tabStopIndex >= rows.length || indexes.includes(tabStopIndex)) return indexes;
      return [...indexes, tabStopIndex].sort((a, b) => a - b);
    },
  });

  // A deep link or a new selection: bring the open artifact into view, once per path.
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (selectedIndex === undefined || scrolledTo.current === selectedPath) return;
    scrolledTo.current = selectedPath;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedPath, selectedIndex, virtualizer]);

  // A line moved to by a key but not rendered then is focused once it is.
  useEffect(() => {
    const path = pendingFocus.current;
    const element = path === undefined ? undefined : items.current.get(path);
    if (element === undefined) return;
    pendingFocus.current = undefined;
    element.focus({ preventScroll: true });
  });

  const focusIndex = (index: number) => {
    const row = rows[index];
    if (row === undefined) return;
    setFocusPath(row.entry.path);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const element = items.current.get(row.entry.path);
    if (element === undefined) pendingFocus.current = row.entry.path;
    else element.focus({ preventScroll: true });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const row = rows[index];
    if (row === undefined) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const action = treeKeyAction(event.key, index, rows, page);
    if (action === undefined) {
      const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!printable) return;
      const fresh = event.timeStamp - typed.current.at > TYPE_AHEAD_MS;
      const text = (fresh ? '' : typed.current.text) + event.key;
      typed.current = { text, at: event.timeStamp };
      // A first character looks past the current line; more characters refine from it.
      const found = typeAheadIndex(rows, text.length === 1 ? index + 1 : index, text);
      if (found !== undefined) focusIndex(found);
    } else if (action.kind === 'focus') {
      focusIndex(action.index);
    } else if (action.kind === 'expand') {
      onExpand(action.path, action.open);
    } else if (action.kind === 'activate') {
      setFocusPath(row.entry.path);
      onActivate(row);
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <nav className="artifact-tree-panel" aria-label="Artifact files" ref={scroller}>
      <ul
        className="artifact-tree virtual"
        role="tree"
        aria-label="Artifacts"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          const { entry } = row;
          return (
            <li
              key={item.key}
              ref={(element) => {
                if (element === null) {
                  items.current.delete(entry.path);
                  return;
                }
                items.current.set(entry.path, element);
                virtualizer.measureElement(element);
              }}
              data-index={item.index}
              style={{ transform: `translateY(${item.start}px)` }}
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
              onKeyDown={(e) => onKeyDown(e, item.index)}
              onClick={() => {
                setFocusPath(entry.path);
                onActivate(row);
              }}
            >
              <TreeLine row={row} />
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function TreeLine({ row }: { row: TreeRow }) {
  const { entry } = row;
  return (
    <>
      <span className="tree-icon" aria-hidden="true">
        {entry.isDir ? (row.expanded ? '▾' : '▸') : '·'}
      </span>
      <span className="tree-name">{baseName(entry.path)}</span>
      {entry.isDir ? (
        <span className="tree-meta">
          {row.folderStatus === 'loading' && 'loading…'}
          {row.folderStatus === 'failed' && 'could not list'}
        </span>
      ) : (
        <span className="tree-meta">{formatBytes(entry.fileSize)}</span>
      )}
    </>
  );
}
