import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATATYPES, MANIFEST_FILE_NAME, SlipwayError, notFound } from '@slipway/core';
import { ANONYMOUS_CALLER } from '@slipway/core';
import type { Caller } from '@slipway/core';
import type { TensorSpec } from '@slipway/core';
import type {
  InferenceTarget,
  InferenceTargetResolver,
  RepositoryEntry,
} from '../../../src/serving/protocol/inference-target.js';
import { inferenceTargetFromRuntime } from '../../../src/serving/protocol/runtime-target.js';
import type { ModelMetadata, ModelRuntime } from '../../../src/serving/runtime/model-runtime.js';
import { loadModelFromDirectory } from '../../../src/serving/runtime/model-loader.js';

const FIXTURES = new URL('../../fixtures/models/', import.meta.url);

/** Echo model inputs: one per protocol datatype, named after it in lower case, any 2-D shape. */
export const ECHO_INPUTS: TensorSpec[] = DATATYPES.map((datatype) => ({
  name: datatype.toLowerCase(),
  datatype,
  shape: [-1, -1],
}));

export interface ModelEntry {
  version: string;
  load: () => Promise<ModelRuntime>;
}

const ECHO_PREDICTOR = fileURLToPath(new URL('./echo-predictor.mjs', import.meta.url));
/** Package directories written by this process, removed by RuntimeResolver.close(). */
const packageDirs: string[] = [];

/**
 * An echo model as a real `js` flavor model package (manifest + predictor module) in a temporary
 * directory, loaded through loadModelFromDirectory like any registered model.
 */
export function echoModel(name: string, inputs: TensorSpec[]): ModelEntry {
  return {
    version: '1',
    load: async () => {
      const dir = await mkdtemp(join(tmpdir(), `slipway-${name}-`));
      packageDirs.push(dir);
      await copyFile(ECHO_PREDICTOR, join(dir, 'predictor.mjs'));
      const manifest = {
        formatVersion: 1,
        name,
        flavor: 'js',
        modelFile: 'predictor.mjs',
        signature: {
          inputs,
          outputs: inputs.map((spec) => ({ ...spec, name: `${spec.name}_out` })),
        },
      };
      await writeFile(join(dir, MANIFEST_FILE_NAME), JSON.stringify(manifest));
      return loadModelFromDirectory(dir, { version: '1', poolSize: 1 });
    },
  };
}

/** The echo model without FP16, which typed gRPC contents cannot carry. */
export const ECHO_TYPED_MODEL = echoModel(
  'echo_typed',
  ECHO_INPUTS.filter((spec) => spec.datatype !== 'FP16'),
);

export const TEST_MODELS = {
  breast_cancer: {
    version: '3',
    load: () =>
      loadModelFromDirectory(fileURLToPath(new URL('breast_cancer_logreg.onnx', FIXTURES)), {
        name: 'breast_cancer',
        version: '3',
        poolSize: 1,
      }),
  },
  echo: echoModel('echo', ECHO_INPUTS),
} satisfies Record<string, ModelEntry>;

/**
 * A resolver over real runtimes, standing in for deployments: each name serves one version of
 * one model; unloaded models keep answering metadata but are not ready.
 */
export class RuntimeResolver implements InferenceTargetResolver {
  private readonly runtimes = new Map<string, ModelRuntime>();
  private readonly metadata = new Map<string, ModelMetadata>();
  ready = true;

  constructor(private readonly models: Record<string, ModelEntry> = TEST_MODELS) {}

  async resolve(_caller: Caller, name: string, version?: string): Promise<InferenceTarget> {
    const entry = this.entry(name);
    if (version !== undefined && version !== entry.version) {
      throw notFound(
        `Model '${name}' has no version ${version}; it serves version ${entry.version}.`,
      );
    }
    const runtime = this.runtimes.get(name);
    if (runtime !== undefined) return inferenceTargetFromRuntime(runtime, { name });
    const metadata = this.metadata.get(name);
    if (metadata === undefined) {
      throw new SlipwayError({ code: 'UNAVAILABLE', message: `Model '${name}' was never loaded.` });
    }
    return {
      name,
      version: entry.version,
      ready: false,
      metadata,
      infer: () => Promise.reject(new Error('an unloaded target must not be called')),
    };
  }

  async list(_caller: Caller): Promise<RepositoryEntry[]> {
    return Object.entries(this.models).map(([name, entry]) => ({
      name,
      version: entry.version,
      ...(this.runtimes.has(name)
        ? { state: 'READY' }
        : { state: 'UNAVAILABLE', reason: 'unloaded' }),
    }));
  }

  async load(_caller: Caller, name: string): Promise<void> {
    const entry = this.entry(name);
    if (this.runtimes.has(name)) return;
    const runtime = await entry.load();
    this.runtimes.set(name, runtime);
    this.metadata.set(name, runtime.metadata);
  }

  async unload(_caller: Caller, name: string): Promise<void> {
    this.entry(name);
    const runtime = this.runtimes.get(name);
    this.runtimes.delete(name);
    await runtime?.close();
  }

  serverReady(): boolean {
    return this.ready;
  }

  async loadAll(): Promise<void> {
    await Promise.all(Object.keys(this.models).map((name) => this.load(ANONYMOUS_CALLER, name)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.runtimes.keys()].map((name) => this.unload(ANONYMOUS_CALLER, name)));
    await Promise.all(
      packageDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })),
    );
  }

  private entry(name: string): ModelEntry {
    const entry = this.models[name];
    if (entry === undefined) throw notFound(`No model or deployment is named '${name}'.`);
    return entry;
  }
}
