import { useQuery } from '@tanstack/react-query';
import type { ModelVersion } from '@slipway/core';
import { registryKeys } from '../../api/registry-keys.js';
import { useSignedIn } from '../../session/use-session.js';

/** Where the version's files are, how to load it, and the digest that pins its bytes. */
export function VersionFiles({ version: v }: { version: ModelVersion }) {
  const { client } = useSignedIn();
  const download = useQuery({
    queryKey: registryKeys.downloadUri(v.name, v.version),
    queryFn: () => client.models.getDownloadUri(v.name, v.version),
    staleTime: Infinity,
  });
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      <dl className="facts stacked">
        <div>
          <dt>Model URI</dt>
          <dd>
            <code>
              models:/{v.name}/{v.version}
            </code>
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>
            <code>{v.source}</code>
          </dd>
        </div>
        <div>
          <dt>Download URI</dt>
          <dd>
            {download.data !== undefined ? (
              <code data-testid="download-uri">{download.data}</code>
            ) : download.isError ? (
              <span className="hint">{download.error.message}</span>
            ) : (
              <span className="hint">Loading…</span>
            )}
          </dd>
        </div>
        {v.contentDigest !== undefined && (
          <div>
            <dt>Content digest</dt>
            <dd>
              <code className="digest">{v.contentDigest}</code>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
