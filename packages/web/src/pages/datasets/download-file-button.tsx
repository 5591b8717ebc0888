import { useMutation } from '@tanstack/react-query';
import { ErrorDisplay } from '../../components/error-display.js';
import { saveBlob } from '../../components/save-blob.js';

interface DownloadFileButtonProps {
  /** The path shown to screen readers and whose last segment names the saved file. */
  path: string;
  open: () => Promise<ReadableStream<Uint8Array>>;
}

/**
 * Downloads a stored file (a dataset file, a step output). The API needs the session's Bearer
 * token, which a plain link would not send, so the file is fetched through the SDK into a Blob
 * and saved from a blob URL, as the run page's artifact downloads are.
 */
export function DownloadFileButton({ path, open }: DownloadFileButtonProps) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const download = useMutation({
    mutationFn: async () => saveBlob(await new Response(await open()).blob(), name),
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Downloading…' : 'Download'}
        <span className="visually-hidden"> {path}</span>
      </button>
      {download.isError && (
        <ErrorDisplay error={download.error} title={`Could not download ${path}`} />
      )}
    </>
  );
}
