import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useRunContext } from '../run-context.js';
import { artifactUrl, foldersAbove, parentOf } from './artifact-path.js';
import { ArtifactPreview } from './artifact-preview.js';
import { ArtifactTree } from './artifact-tree.js';
import { FolderListing } from './folder-listing.js';
import { treeRows } from './tree-rows.js';
import type { TreeRow } from './tree-rows.js';
import { useFolders } from './use-folders.js';

/**
 * `/runs/:runId/artifacts/<path>`: the run's files as a tree (each folder listed when opened) and
 * the selected file's preview or folder's contents. The path is the URL, so a preview can be
 * shared and the browser's back button walks back through what was opened.
 */
export default function RunArtifacts() {
  const { run } = useRunContext();
  const runId = run.info.runId;
  const selected = (useParams()['*'] ?? '').replace(/^\/+|\/+$/gu, '');
  const navigate = useNavigate();
  usePageTitle(`${selected === '' ? 'Artifacts' : selected} · ${run.info.runName}`);
  // Folders the user opened or closed; the others are open when they hold the selected path.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const above = foldersAbove(selected);
  const isExpanded = (folder: string) =>
    toggled.get(folder) ?? (above.includes(folder) || folder === selected);
  const wanted = new Set(above);
  for (const [folder, open] of toggled) if (open) wanted.add(folder);
  if (selected !== '') wanted.add(selected);
  // Only folders whose every parent is open are listed (a closed parent hides them).
  const listed = [...wanted].filter((folder) =>
    foldersAbove(folder).every((f) => f === '' || isExpanded(f)),
  );
  const { states, rootError, refetchRoot } = useFolders(runId, listed);
  const rows = treeRows((folder) => states.get(folder), isExpanded);

  const setExpanded = (folder: string, open: boolean) =>
    setToggled((current) => new Map(current).set(folder, open));
  const activate = (row: TreeRow) => {
    if (row.entry.isDir) setExpanded(row.entry.path, !row.expanded);
    void navigate(artifactUrl(runId, row.entry.path));
  };

  const root = states.get('');
  if (root === undefined || root.status === 'loading') return <Loading label="Listing artifacts" />;
  if (root.status === 'failed') {
    return (
      <ErrorDisplay error={rootError} title="Could not list the artifacts" onRetry={refetchRoot} />
    );
  }
  if (root.entries.length === 0) {
    return <p className="empty">This run has no artifacts.</p>;
  }
  return (
    <div className="artifacts-layout">
      <ArtifactTree
        rows={rows}
        selectedPath={selected}
        onActivate={activate}
        onExpand={setExpanded}
      />
      <div className="artifact-pane">
        <SelectedArtifact runId={runId} selected={selected} states={states} />
      </div>
    </div>
  );
}

function SelectedArtifact({
  runId,
  selected,
  states,
}: {
  runId: string;
  selected: string;
  states: ReturnType<typeof useFolders>['states'];
}) {
  if (selected === '') {
    const root = states.get('');
    return root?.status === 'loaded' ? (
      <FolderListing key="" runId={runId} folder="" entries={root.entries} />
    ) : null;
  }
  const parent = states.get(parentOf(selected));
  if (parent === undefined || parent.status === 'loading') return <Loading label="Loading" />;
  const entry =
    parent.status === 'loaded' ? parent.entries.find((e) => e.path === selected) : undefined;
  if (entry === undefined) {
    return (
      <div className="artifact-preview">
        <h2>Not found</h2>
        <p>
          This run has no artifact at <code>{selected}</code>.{' '}
          <Link to={artifactUrl(runId, '')}>All artifacts</Link>
        </p>
      </div>
    );
  }
  if (!entry.isDir) return <ArtifactPreview key={entry.path} runId={runId} file={entry} />;
  const folder = states.get(entry.path);
  if (folder?.status === 'loaded') {
    return (
      <FolderListing key={entry.path} runId={runId} folder={entry.path} entries={folder.entries} />
    );
  }
  if (folder?.status === 'failed') return <p role="alert">Could not list this folder.</p>;
  return <Loading label="Listing the folder" />;
}
