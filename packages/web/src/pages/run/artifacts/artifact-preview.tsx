import { Suspense, lazy } from 'react';
import type { ArtifactFileInfo } from '@slipway/core';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { formatBytes } from '../format-bytes.js';
import { baseName, extensionOf } from './artifact-path.js';
import { decodeText } from './decode-text.js';
import { DownloadButton } from './download-button.js';
import { IMAGE_TYPES, PREVIEW_LIMITS, previewKind, previewsPrefix } from './preview-kind.js';
import type { PreviewKind } from './preview-kind.js';
import type { FilePrefix } from './read-prefix.js';
import { useArtifactBytes } from './use-artifact-bytes.js';
import { ImagePreview } from './previews/image-preview.js';
import { JsonPreview } from './previews/json-preview.js';
import { ManifestPreview } from './previews/manifest-preview.js';
import { OnnxPreview } from './previews/onnx-preview.js';
import { PrefixNote } from './previews/prefix-note.js';
import { TextPreview } from './previews/text-preview.js';

// Their parsers (Papa Parse, a YAML parser) load only when such a file is opened.
const CsvPreview = lazy(() => import('./previews/csv-preview.js'));
const MlmodelPreview = lazy(() => import('./previews/mlmodel-preview.js'));

interface PreviewProps {
  runId: string;
  file: ArtifactFileInfo;
}

/** One file: its name, size and download button, then a preview chosen by its type. */
export function ArtifactPreview({ runId, file }: PreviewProps) {
  const name = baseName(file.path);
  return (
    <section className="artifact-preview" aria-labelledby="artifact-preview-heading">
      <div className="artifact-preview-header">
        <h2 id="artifact-preview-heading" className="mono">
          {name}
        </h2>
        <span className="hint">{formatBytes(file.fileSize)}</span>
        <DownloadButton runId={runId} path={file.path} />
      </div>
      <p className="hint mono">{file.path}</p>
      <PreviewBody runId={runId} file={file} />
    </section>
  );
}

function PreviewBody({ runId, file }: PreviewProps) {
  const kind = previewKind(file.path);
  if (kind === 'onnx') {
    return <OnnxPreview runId={runId} path={file.path} fileSize={file.fileSize} />;
  }
  const limit = PREVIEW_LIMITS[kind];
  if (file.fileSize !== undefined && file.fileSize > limit && !previewsPrefix(kind)) {
    return (
      <p className="artifact-note" role="note">
        This file is {formatBytes(file.fileSize)}, over the {formatBytes(limit)} preview limit for
        its type: download it to see it.
      </p>
    );
  }
  if (file.fileSize === 0) return <p className="empty">The file is empty.</p>;
  return <FetchedPreview runId={runId} file={file} kind={kind} limit={limit} />;
}

function FetchedPreview({
  runId,
  file,
  kind,
  limit,
}: PreviewProps & { kind: PreviewKind; limit: number }) {
  const query = useArtifactBytes(runId, file.path, limit);
  if (query.isPending) return <Loading label={`Loading ${baseName(file.path)}`} />;
  if (query.isError) {
    return (
      <ErrorDisplay
        error={query.error}
        title="Could not load the file"
        onRetry={() => void query.refetch()}
      />
    );
  }
  return (
    <Suspense fallback={<Loading label="Loading the preview" />}>
      <Rendered runId={runId} file={file} kind={kind} prefix={query.data} />
    </Suspense>
  );
}

function Rendered({
  runId,
  file,
  kind,
  prefix,
}: PreviewProps & { kind: PreviewKind; prefix: FilePrefix }) {
  const name = baseName(file.path);
  switch (kind) {
    case 'image':
      return (
        <ImagePreview
          prefix={prefix}
          mimeType={IMAGE_TYPES[extensionOf(file.path)] ?? 'application/octet-stream'}
          name={name}
        />
      );
    case 'json':
      return <JsonPreview prefix={prefix} fileSize={file.fileSize} name={name} />;
    case 'csv':
      return <CsvPreview prefix={prefix} fileSize={file.fileSize} name={name} />;
    case 'slipway-model':
      return <ManifestPreview runId={runId} path={file.path} prefix={prefix} />;
    case 'mlmodel':
      return <MlmodelPreview prefix={prefix} name={name} />;
    default: {
      const text = decodeText(prefix);
      if (text === undefined) {
        return (
          <p className="artifact-note" role="note">
            No preview: this looks like a binary file. Download it to open it.
          </p>
        );
      }
      return (
        <>
          {prefix.truncated && (
            <PrefixNote shownBytes={prefix.bytes.length} fileSize={file.fileSize} />
          )}
          <TextPreview text={text} label={`Contents of ${name}`} />
        </>
      );
    }
  }
}
