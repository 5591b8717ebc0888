import { Link } from 'react-router';
import type { ArtifactFileInfo } from '@slipway/core';
import { formatBytes } from '../format-bytes.js';
import { artifactUrl, baseName, parentOf } from './artifact-path.js';
import { sortEntries } from './tree-rows.js';

/** A folder's entries as links (each opens in the page, with its own URL), with their sizes. */
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
      {entries.length === 0 ? (
        <p className="empty">This folder is empty.</p>
      ) : (
        <table className="data-table compact">
          <caption className="visually-hidden">Contents of {title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {sortEntries(entries).map((entry) => (
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
      )}
    </section>
  );
}
