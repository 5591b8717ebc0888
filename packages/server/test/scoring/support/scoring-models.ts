import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE_NAME, notFound } from '@slipway/core';
import type { Caller } from '@slipway/core';
import type {
  InferenceTarget,
  InferenceTargetResolver,
  RepositoryEntry,
} from '../../../src/serving/protocol/inference-target.js';
import { inferenceTargetFromRuntime } from '../../../src/serving/protocol/runtime-target.js';
import {
  buildModelPackage,
  writeModelPackage,
} from '../../../src/serving/runtime/build-model-package.js';
import { loadModelFromDirectory } from '../../../src/serving/runtime/model-loader.js';
import type { ModelRuntime } from '../../../src/serving/runtime/model-runtime.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));
export const BREAST_CANCER_ONNX = join(FIXTURES, 'breast_cancer_logreg.onnx');

export interface Golden {
  columns: string[];
  inputs: number[][];
  expected: number[][];
}

export async function goldenBreastCancer(): Promise<Golden> {
  const text = await readFile(join(FIXTURES, 'breast_cancer_logreg.expected.json'), 'utf8');
  return JSON.parse(text) as Golden;
}

/** The breast-cancer ONNX model as a tabular package (its 30 named columns) in `dir`. */
export async function writeBreastCancerPackage(dir: string): Promise<void> {
  const golden = await goldenBreastCancer();
  const manifest = await buildModelPackage(BREAST_CANCER_ONNX, {
    name: 'breast_cancer',
    columns: golden.columns,
  });
  await writeModelPackage(dir, BREAST_CANCER_ONNX, manifest);
}

/** A js model with a tabular signature of mixed column types over an FP64 input. */
export async function writeRowEchoPackage(dir: string): Promise<void> {
  await copyFile(
    fileURLToPath(new URL('./row-echo.mjs', import.meta.url)),
    join(dir, 'row-echo.mjs'),
  );
  const manifest = {
    formatVersion: 1,
    name: 'row_echo',
    flavor: 'js',
    modelFile: 'row-echo.mjs',
    signature: {
      columns: [
        { name: 'count', type: 'long' },
        { name: 'price', type: 'double' },
        { name: 'flag', type: 'boolean' },
      ],
      input: { name: 'x', datatype: 'FP64' },
      outputs: [
        { name: 'echo', datatype: 'FP64', shape: [-1, 3] },
        { name: 'total', datatype: 'FP64', shape: [-1, 1] },
      ],
    },
  };
  await writeFile(join(dir, MANIFEST_FILE_NAME), JSON.stringify(manifest));
}

/** Real runtimes behind names, standing in for deployments. */
export class ModelsResolver implements InferenceTargetResolver {
  private readonly dirs: string[] = [];
  readonly runtimes = new Map<string, ModelRuntime>();

  async add(name: string, version: string, write: (dir: string) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), `slipway-scoring-${name}-`));
    this.dirs.push(dir);
    await write(dir);
    this.runtimes.set(name, await loadModelFromDirectory(dir, { name, version, poolSize: 1 }));
  }

  async addPath(name: string, version: string, path: string): Promise<void> {
    this.runtimes.set(name, await loadModelFromDirectory(path, { name, version, poolSize: 1 }));
  }

  async resolve(_caller: Caller, name: string): Promise<InferenceTarget> {
    const runtime = this.runtimes.get(name);
    if (runtime === undefined) throw notFound(`No deployment is named '${name}'.`);
    return inferenceTargetFromRuntime(runtime, { name });
  }

  async list(): Promise<RepositoryEntry[]> {
    return [...this.runtimes.entries()].map(([name, runtime]) => ({
      name,
      version: runtime.metadata.version,
      state: 'READY' as const,
    }));
  }

  async load(): Promise<void> {}
  async unload(): Promise<void> {}
  serverReady(): boolean {
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
