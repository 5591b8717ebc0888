import { useMutation } from '@tanstack/react-query';
import { ErrorDisplay } from '../../../components/error-display.js';
import { useSignedIn } from '../../../session/use-session.js';
import { baseName } from './artifact-path.js';
import { saveBlob } from '../../../components/save-blob.js';

/**
 * Downloads an artifact. The API needs the session's Bearer token, which a plain link would not
 * send, so the file is fetched through the SDK into a Blob (which the browser may keep on disk)
 * and saved from a blob URL.
 */
export function DownloadButton({ runId, path }: { runId: string; path: string }) {
  const { client } = useSignedIn();
  const name = baseName(path);
  const download = useMutation({
    mutationFn: async () => {
      const stream = await client.artifacts.downloadStream(runId, path);
      saveBlob(await new Response(stream).blob(), name);
    },
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Downloading…' : 'Download'}
        <span className="visually-hidden"> {name}</span>
      </button>
      {download.isError && (
        <ErrorDisplay error={download.error} title={`Could not download ${name}`} />
      )}
    </>
  );
}
