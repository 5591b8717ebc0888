import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ArtifactFileInfo } from '@slipway/core';
import { formatBytes } from '../format-bytes.js';
import { artifactUrl, baseName, parentOf } from './artifact-path.js';
import { sortEntries } from './tree-rows.js';

/** Entries listed at first, and added by each "Show more": a folder of 20,000 stays light. */
export const LISTING_PAGE = 500;

/**
 * A folder's entries as links (each opens in the page, with its own URL), with their sizes: the
 * first LISTING_PAGE, then more on request. Paged rather than virtualised: it is a table of
 * links that Tab walks through, and the tree beside it reaches every entry anyway.
 */
export function FolderListing({
  runId,
  folder,
  entries,
}: {
  runId: string;
  folder: string;
  entries: ArtifactFileInfo[];
}) {
  const title = folder === '' ? 'All artifacts' : baseName(folder);
  const [shown, setShown] = useState(LISTING_PAGE);
  const body = useRef<HTMLTableSectionElement>(null);
  // After "Show more", focus goes to the first entry added, where the reader left off.
  const [focusRow, setFocusRow] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (focusRow === undefined) return;
    body.current?.querySelectorAll('a')[focusRow]?.focus();
  }, [focusRow]);
  const sorted = sortEntries(entries);
  const visible = sorted.slice(0, shown);
  const more = Math.min(LISTING_PAGE, sorted.length - shown);
  return (
    <section className="artifact-preview" aria-labelledby="artifact-folder-heading">
      <h2 id="artifact-folder-heading" className={folder === '' ? undefined : 'mono'}>
        {title}
      </h2>
      {folder !== '' && (
        <p className="hint">
          <Link to={artifactUrl(runId, parentOf(folder))}>Up to the enclosing folder</Link>
        </p>
      )}
      {sorted.length === 0 ? (
        <p className="empty">This folder is empty.</p>
      ) : (
        <>
          {sorted.length > LISTING_PAGE && (
            <p className="hint" id="artifact-folder-count">
              Showing {visible.length.toLocaleString('en-US')} of{' '}
              {sorted.length.toLocaleString('en-US')} entries.
            </p>
          )}
          <table className="data-table compact">
            <caption className="visually-hidden">Contents of {title}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody ref={body}>
              {visible.map((entry) => (
                <tr key={entry.path}>
                  <td className="mono">
                    <Link to={artifactUrl(runId, entry.path)}>
                      {baseName(entry.path)}
                      {entry.isDir && '/'}
                    </Link>
                  </td>
                  <td>{entry.isDir ? 'folder' : formatBytes(entry.fileSize)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more > 0 && (
            <button
              type="button"
              aria-describedby="artifact-folder-count"
              onClick={() => {
                setFocusRow(shown);
                setShown(shown + more);
              }}
            >
              Show {more.toLocaleString('en-US')} more
            </button>
          )}
        </>
      )}
    </section>
  );
}
