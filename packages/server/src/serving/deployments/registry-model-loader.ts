import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MANIFEST_FILE_NAME, SlipwayError, checkArtifactPath, isSlipwayError } from '@slipway/core';
import type { ResolvedModel } from '@slipway/core';
import type { ArtifactService } from '../../services/artifact-service.js';
import { storageKeyForUri } from '../../services/artifact-service.js';
import type { RegistryService, VersionFilesRef } from '../../services/registry-service.js';
import { HashingStream, combineDigest } from '../../support/content-digest.js';
import type { DigestEntry } from '../../support/content-digest.js';
import type { ModelCache } from '../runtime/model-cache.js';
import { loadModelFromDirectory } from '../runtime/model-loader.js';
import type { ModelRuntime } from '../runtime/model-runtime.js';

export interface RegistryModelLoaderOptions {
  /** Worker threads per loaded model; default: the runtime's own default. */
  poolSize?: number | undefined;
}

/**
 * Loads registry versions for serving: the version's files are copied once from the artifact store
 * into the local ModelCache (registry download URI -> mlflow-artifacts:/... -> store walk), then
 * loaded from disk. A version directory without `slipway-model.json` is served from its single
 * `.onnx` file, with the signature read from the graph.
 */
export class RegistryModelLoader {
  constructor(
    private readonly registry: RegistryService,
    private readonly artifacts: ArtifactService,
    private readonly cache: ModelCache,
    private readonly options: RegistryModelLoaderOptions = {},
  ) {}

  async load(model: ResolvedModel): Promise<ModelRuntime> {
    const { name, version } = model;
    const mv = await this.registry.findVersion(name, version);
    // Version numbers never repeat within a model, but a deleted and re-created model starts
    // again at 1: the creation time, source and digest tell the two lives apart in the cache.
    const key = `${name}/${version}@${mv.creationTimestamp}:${mv.source}:${mv.contentDigest ?? ''}`;
    try {
      const files = await this.registry.versionFiles(name, version);
      const dir = await this.cache.ensureLocal(key, (dest) => this.download(files, dest));
      const path = await servablePath(dir, model);
      return await loadModelFromDirectory(path, {
        name,
        version,
        poolSize: this.options.poolSize,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new SlipwayError({
        code: isSlipwayError(err) && err.code !== 'INTERNAL' ? err.code : 'FAILED_PRECONDITION',
        message: `Cannot load model '${name}' version ${version}: ${reason}`,
        cause: err,
      });
    }
  }

  /**
   * Copies the version's files into `dest`, hashing them on the way; when the version has a
   * digest (taken at registration), files that do not match it are refused: whatever happened to
   * the store, every server serves the version's registered bytes or nothing.
   */
  private async download(files: VersionFilesRef, dest: string): Promise<void> {
    const { uri, contentDigest } = files;
    const prefix = storageKeyForUri(uri);
    const stored = prefix === '' ? [] : await this.artifacts.walk(prefix);
    const entries: DigestEntry[] = [];
    if (stored.length === 0) {
      // The source may name a single file (runs:/<run>/model.onnx) rather than a directory.
      const name = basename(prefix);
      const sha256 = await this.copy(prefix, join(dest, name)).catch((err: unknown) => {
        if (isSlipwayError(err) && err.code === 'NOT_FOUND') {
          throw new SlipwayError({
            code: 'FAILED_PRECONDITION',
            message: `its source ${uri} holds no files`,
          });
        }
        throw err;
      });
      entries.push({ path: name, sha256 });
    } else {
      for (const file of stored) {
        const relative = checkArtifactPath(file.path.slice(prefix.length + 1));
        const sha256 = await this.copy(file.path, join(dest, ...relative.split('/')));
        entries.push({ path: relative, sha256 });
      }
    }
    if (contentDigest !== undefined) {
      const actual = combineDigest(entries);
      if (actual !== contentDigest) {
        throw new SlipwayError({
          code: 'FAILED_PRECONDITION',
          message: `its files at ${uri} are not the ones registered (digest ${actual}, registered ${contentDigest}); they were changed outside Slipway. Register the files you want served as a new version.`,
          details: { expected: contentDigest, actual },
        });
      }
    }
  }

  /** Copies one stored file to `target`; returns the hex SHA-256 of its bytes. */
  private async copy(storePath: string, target: string): Promise<string> {
    const body = await this.artifacts.getChecked(storePath);
    await mkdir(dirname(target), { recursive: true });
    const tap = new HashingStream();
    await pipeline(body, tap, createWriteStream(target));
    return tap.hex();
  }
}

/** The package directory, or its one `.onnx` file when it has no manifest. */
async function servablePath(dir: string, model: ResolvedModel): Promise<string> {
  const names = await readdir(dir);
  if (names.includes(MANIFEST_FILE_NAME)) return dir;
  const onnx = names.filter((file) => file.toLowerCase().endsWith('.onnx'));
  if (onnx.length === 1) return join(dir, onnx[0] as string);
  throw new SlipwayError({
    code: 'FAILED_PRECONDITION',
    message: `version ${model.version} has no ${MANIFEST_FILE_NAME} and ${onnx.length === 0 ? 'no' : onnx.length} .onnx files at its root; register it with \`slipway models register\`, which writes the manifest`,
  });
}
