import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE_NAME, SlipwayError } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { writeDownload } from '../local-files.js';
import { UsageError } from '../usage-error.js';

/** A model ready to load from local disk. */
export interface LocalModel {
  /** A package directory or an .onnx file. */
  path: string;
  name: string | undefined;
  version: string | undefined;
  /** Where it came from: the registry URI or the local path given. */
  source: string;
}

export interface ModelSourceContext {
  client: SlipwayClient;
  /** The Authorization header the client sends (Bearer or Basic), for the raw file downloads. */
  authorization: string | undefined;
  cacheDir: string;
  /** Progress lines (downloads), for the caller to print or not. */
  status(line: string): void;
}

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const PROXIED = 'mlflow-artifacts:';

/** `--cache-dir`, else $SLIPWAY_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, + slipway/models. */
export function modelCacheDir(flag: string | undefined, env: Record<string, string | undefined>) {
  if (flag) return flag;
  if (env.SLIPWAY_CACHE_DIR) return env.SLIPWAY_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'slipway', 'models');
}

/**
 * A local path as given, or a registry URI (`models:/name@alias`, `models:/name/3`) resolved
 * through the SDK and downloaded once through the server's artifact endpoints into the local
 * model cache (keyed by server, version, creation time and source, so a re-created version is
 * fetched again).
 */
export async function localModel(spec: string, context: ModelSourceContext): Promise<LocalModel> {
  if (!spec.startsWith('models:/')) {
    await stat(spec).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(
        `Cannot read model '${spec}': ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}. Give a model directory, an .onnx file or models:/<name>@<alias>.`,
      );
    });
    return { path: spec, name: undefined, version: undefined, source: spec };
  }
  const { client } = context;
  const mv = await client.models.resolve(spec);
  const uri = await client.models.getDownloadUri(mv.name, mv.version);
  if (!uri.startsWith(PROXIED)) {
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: `${spec} is version ${mv.version}, whose files are at ${uri}, outside the server's artifact store; download them and give their local path.`,
    });
  }
  const prefix = uri.slice(PROXIED.length).replace(/^\/+/, '');
  const { ModelCache } = await import('@slipway/server');
  const cache = new ModelCache(context.cacheDir);
  const key = `${client.baseUrl}|${mv.name}/${mv.version}@${mv.creationTimestamp}:${mv.source}:${mv.contentDigest ?? ''}`;
  const cached = await cache.has(key);
  if (!cached)
    context.status(`Downloading ${mv.name} version ${mv.version} to ${context.cacheDir}`);
  const dir = await cache.ensureLocal(key, async (dest) => {
    await downloadTree(context, prefix, dest);
    // The registered files or none: the same check every server makes before serving them.
    if (mv.contentDigest !== undefined) {
      const { digestDirectory } = await import('@slipway/server');
      const actual = await digestDirectory(dest);
      if (actual !== mv.contentDigest) {
        throw new SlipwayError({
          code: 'FAILED_PRECONDITION',
          message: `${spec} is version ${mv.version}, but the files downloaded are not the ones registered (digest ${actual}, registered ${mv.contentDigest}).`,
        });
      }
    }
  });
  return { path: await servablePath(dir), name: mv.name, version: mv.version, source: spec };
}

interface ProxyFile {
  path: string;
  is_dir?: boolean;
}

async function proxyFetch(context: ModelSourceContext, path: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (context.authorization !== undefined) headers.authorization = context.authorization;
  const response = await fetch(`${context.client.baseUrl}${path}`, { headers });
  if (!response.ok) {
    throw new SlipwayError({
      code: response.status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE',
      message: `Downloading the model failed: GET ${path} answered ${response.status} ${await response.text()}`,
    });
  }
  return response;
}

/** Every file below `prefix` in the artifact store, fetched into `dest` (a single file too). */
async function downloadTree(context: ModelSourceContext, prefix: string, dest: string) {
  const files: string[] = [];
  const pending = [prefix];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const listing = (await (
      await proxyFetch(context, `${PROXY}?path=${encodeURIComponent(dir)}`)
    ).json()) as { files?: ProxyFile[] };
    for (const entry of listing.files ?? []) {
      const full = `${dir}/${entry.path}`;
      if (entry.is_dir === true) pending.push(full);
      else files.push(full);
    }
  }
  // The source may name one file (runs:/<run>/model.onnx) rather than a directory.
  if (files.length === 0) files.push(prefix);
  const base =
    files.length === 1 && files[0] === prefix ? prefix.slice(0, prefix.lastIndexOf('/')) : prefix;
  for (const file of files) {
    const encoded = file.split('/').map(encodeURIComponent).join('/');
    const response = await proxyFetch(context, `${PROXY}/${encoded}`);
    if (response.body === null) continue;
    await writeDownload(dest, file.slice(base.length + 1), response.body);
  }
}

/** The package directory, or its single .onnx file when it has no manifest. */
async function servablePath(dir: string): Promise<string> {
  const names = await readdir(dir);
  if (names.includes(MANIFEST_FILE_NAME)) return dir;
  const onnx = names.filter((name) => name.toLowerCase().endsWith('.onnx'));
  if (onnx.length === 1) return join(dir, onnx[0] as string);
  throw new SlipwayError({
    code: 'FAILED_PRECONDITION',
    message: `The downloaded model has no ${MANIFEST_FILE_NAME} and ${onnx.length === 0 ? 'no' : onnx.length} .onnx files at its root; register it with \`slipway models register\`.`,
  });
}
