import type { TensorSpec } from '@slipway/core';
import type { RuntimePlatform } from '../runtime/model-runtime.js';
import type { InferenceTarget } from './inference-target.js';

/**
 * Platform names in the protocol's `<project>_<format>` form; ONNX models report what Triton
 * reports for them, so dashboards and clients that key on it keep working.
 */
const PLATFORM_NAMES: Record<RuntimePlatform, string> = {
  onnxruntime: 'onnxruntime_onnx',
  js: 'slipway_js',
};

export interface TensorMetadataJson {
  name: string;
  datatype: string;
  shape: number[];
}

/** `$metadata_model_response`. */
export interface ModelMetadataJson {
  name: string;
  versions?: string[];
  platform: string;
  inputs: TensorMetadataJson[];
  outputs: TensorMetadataJson[];
}

function tensorMetadata(spec: TensorSpec): TensorMetadataJson {
  return { name: spec.name, datatype: spec.datatype, shape: [...spec.shape] };
}

/** The model metadata of a target, under the name the client asked for. */
export function modelMetadataResponse(target: InferenceTarget): ModelMetadataJson {
  const versions = target.versions ?? (target.version === undefined ? [] : [target.version]);
  const { metadata } = target;
  return {
    name: target.name,
    ...(versions.length > 0 ? { versions } : {}),
    platform: PLATFORM_NAMES[metadata.platform],
    inputs: metadata.inputs.map(tensorMetadata),
    outputs: metadata.outputs.map(tensorMetadata),
  };
}
