import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkArtifactPath, invalidArgument, isSlipwayError } from '@slipway/core';
import type { ArtifactStore } from '@slipway/core';
import { LocalArtifactStore } from './local-artifact-store.js';
import type { S3ArtifactStoreOptions, S3ConnectionOptions } from './s3-artifact-store.js';

/**
 * Settings passed from config (this module never reads the environment). All but `baseDir` apply
 * to `s3://` URIs only and are ignored for local stores.
 */
export interface OpenArtifactStoreOptions
  extends
    S3ConnectionOptions,
    Pick<S3ArtifactStoreOptions, 'partSizeBytes' | 'uploadConcurrency' | 'listPageSize'> {
  /** Base for relative local paths; default: the working directory. */
  baseDir?: string | undefined;
}

export type ArtifactStoreLocation =
  { kind: 'file'; root: string } | { kind: 's3'; bucket: string; prefix: string };

const SUPPORTED =
  'use file:<path>, file:///<absolute path>, a plain directory path, or s3://<bucket>/<prefix>';

/**
 * Parses an artifact store URI: `file:./path`, `file:///abs/path`, a plain path (local
 * directory) or `s3://bucket/prefix`.
 */
export function parseArtifactStoreUri(uri: string, baseDir?: string): ArtifactStoreLocation {
  if (uri.trim() === '') throw invalidArgument(`The artifact store URI is empty; ${SUPPORTED}.`);
  // At least two characters, so a Windows drive letter ('C:\\data') is not taken for a scheme.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(uri)?.[1]?.toLowerCase();
  const base = baseDir ?? process.cwd();
  if (scheme === undefined) return { kind: 'file', root: resolve(base, uri) };
  if (scheme === 'file') return { kind: 'file', root: parseFileUri(uri, base) };
  if (scheme === 's3') return parseS3Uri(uri);
  throw invalidArgument(
    `Unsupported artifact store URI ${JSON.stringify(uri)}: scheme "${scheme}:" is not supported; ${SUPPORTED}.`,
  );
}

/**
 * Opens the artifact store named by `uri`. The AWS SDK is imported only for `s3://`, so a local
 * store never loads it.
 */
export async function openArtifactStore(
  uri: string,
  options: OpenArtifactStoreOptions = {},
): Promise<ArtifactStore> {
  const location = parseArtifactStoreUri(uri, options.baseDir);
  if (location.kind === 'file') return LocalArtifactStore.open(location.root);
  const { S3ArtifactStore } = await import('./s3-artifact-store.js');
  const { baseDir: _baseDir, ...s3Options } = options;
  return new S3ArtifactStore({ ...s3Options, bucket: location.bucket, prefix: location.prefix });
}

function parseFileUri(uri: string, base: string): string {
  const rest = uri.slice('file:'.length);
  if (!rest.startsWith('//')) {
    if (rest === '')
      throw invalidArgument(`Artifact store URI ${JSON.stringify(uri)} has no path.`);
    return resolve(base, rest);
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalidArgument(`Artifact store URI ${JSON.stringify(uri)} is not a valid file URL.`);
  }
  if (url.host !== '' && url.host !== 'localhost') {
    throw invalidArgument(
      `Artifact store URI ${JSON.stringify(uri)} names host "${url.host}"; only local files are supported (file:///path).`,
    );
  }
  return fileURLToPath(url);
}

function parseS3Uri(uri: string): ArtifactStoreLocation {
  const match = /^s3:\/\/([^/?#]*)(?:\/([^?#]*))?$/i.exec(uri);
  if (match === null) {
    throw invalidArgument(
      `Invalid S3 URI ${JSON.stringify(uri)}: use s3://<bucket>/<prefix> without query or fragment; ` +
        'endpoint, region and credentials come from configuration.',
    );
  }
  const bucket = match[1] ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw invalidArgument(
      `Invalid S3 URI ${JSON.stringify(uri)}: bucket ${JSON.stringify(bucket)} must be 3-63 lowercase letters, digits, '.' or '-'.`,
    );
  }
  try {
    return { kind: 's3', bucket, prefix: checkArtifactPath(match[2] ?? '', { allowEmpty: true }) };
  } catch (err) {
    if (!isSlipwayError(err)) throw err;
    throw invalidArgument(`Invalid S3 URI ${JSON.stringify(uri)}: bad key prefix. ${err.message}`);
  }
}
