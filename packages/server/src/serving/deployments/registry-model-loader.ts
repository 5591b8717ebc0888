import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MANIFEST_FILE_NAME, SlipwayError, checkArtifactPath, isSlipwayError } from '@slipway/core';
import type { ResolvedModel } from '@slipway/core';
import type { ArtifactService } from '../../services/artifact-service.js';
import { storageKeyForUri } from '../../services/artifact-service.js';
import type { RegistryService } from '../../services/registry-service.js';
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
    const mv = await this.registry.getModelVersion(name, version);
    // Version numbers never repeat within a model, but a deleted and re-created model starts
    // again at 1: the creation time and source tell the two lives apart in the cache.
    const key = `${name}/${version}@${mv.creationTimestamp}:${mv.source}`;
    try {
      const dir = await this.cache.ensureLocal(key, (dest) => this.download(model, dest));
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

  private async download(model: ResolvedModel, dest: string): Promise<void> {
    const uri = await this.registry.getDownloadUri(model.name, model.version);
    const prefix = storageKeyForUri(uri);
    const files = prefix === '' ? [] : await this.artifacts.walk(prefix);
    if (files.length === 0) {
      // The source may name a single file (runs:/<run>/model.onnx) rather than a directory.
      await this.copy(prefix, join(dest, basename(prefix))).catch((err: unknown) => {
        if (isSlipwayError(err) && err.code === 'NOT_FOUND') {
          throw new SlipwayError({
            code: 'FAILED_PRECONDITION',
            message: `its source ${uri} holds no files`,
          });
        }
        throw err;
      });
      return;
    }
    for (const file of files) {
      const relative = checkArtifactPath(file.path.slice(prefix.length + 1));
      await this.copy(file.path, join(dest, ...relative.split('/')));
    }
  }

  private async copy(storePath: string, target: string): Promise<void> {
    const body = await this.artifacts.get(storePath);
    await mkdir(dirname(target), { recursive: true });
    await pipeline(body, createWriteStream(target));
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
