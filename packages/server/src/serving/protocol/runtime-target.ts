import type { ModelRuntime } from '../runtime/model-runtime.js';
import type { InferenceTarget } from './inference-target.js';

export interface RuntimeTargetOptions {
  /** The name clients use; default: the runtime's model name. */
  name?: string | undefined;
  /** Reported as model_version; default: the runtime's version (none: model_version is left out). */
  version?: string | undefined;
  versions?: string[] | undefined;
}

/** Serves one loaded ModelRuntime as a protocol target, with no routing in between. */
export function inferenceTargetFromRuntime(
  runtime: ModelRuntime,
  options: RuntimeTargetOptions = {},
): InferenceTarget {
  const name = options.name ?? runtime.metadata.name;
  const version = options.version ?? runtime.metadata.version;
  return {
    name,
    version,
    versions: options.versions,
    metadata: runtime.metadata,
    get ready() {
      return runtime.ready;
    },
    async infer(request) {
      const outputs = await runtime.infer(request.inputs, { outputs: request.outputs });
      return { modelName: name, modelVersion: version ?? '', outputs };
    },
  };
}
