import { basename } from 'node:path/posix';
import type { Readable } from 'node:stream';
import {
  MANIFEST_FILE_NAME,
  MODEL_MANIFEST_MAX_BYTES,
  SlipwayError,
  failedPrecondition,
  isSlipwayError,
  parseModelManifestJson,
  resolveSignature,
} from '@slipway/core';
import type { ModelVersionTensor, OnnxValueInfo } from '@slipway/core';
import { readOnnxSignature } from './artifact-signature.js';
import type { ArtifactService } from './artifact-service.js';

/** What a version's signature is read from, and the tensors it declares. */
export interface VersionSignatureFiles {
  source: 'manifest' | 'onnx';
  /** Relative to the version's files. */
  path: string;
  inputs: ModelVersionTensor[];
  outputs: ModelVersionTensor[];
}

/**
 * The signature of the model files at `location` (store-relative), the way serving reads them:
 * the package's `slipway-model.json` when there is one (with its column names), else its single
 * `.onnx` file at the root (or the location itself, when a source names one file), read with ONNX
 * Runtime.
 */
export async function readVersionSignature(
  artifacts: ArtifactService,
  location: string,
): Promise<VersionSignatureFiles> {
  const files = location === '' ? [] : await artifacts.walk(location);
  const reader = { get: (key: string) => artifacts.getChecked(key) };
  if (files.length === 0) {
    // The source names a single file (runs:/<run>/model.onnx), or nothing (then NOT_FOUND).
    const name = basename(location);
    return fromOnnx(await onnxSignature(reader, location, name));
  }
  const relative = (path: string) => path.slice(location.length + 1);
  const manifest = files.find((file) => relative(file.path) === MANIFEST_FILE_NAME);
  if (manifest !== undefined) {
    const text = await readText(await artifacts.getChecked(manifest.path), MANIFEST_FILE_NAME);
    const resolved = resolveSignature(parseModelManifestJson(text).signature);
    const { tabular } = resolved;
    return {
      source: 'manifest',
      path: MANIFEST_FILE_NAME,
      inputs: resolved.inputs.map((input) => ({
        name: input.name,
        isTensor: true,
        datatype: input.datatype,
        shape: input.shape,
        ...(tabular?.inputName === input.name ? { columns: tabular.columns } : {}),
      })),
      outputs: resolved.outputs.map(({ name, datatype, shape }) => ({
        name,
        isTensor: true,
        datatype,
        shape,
      })),
    };
  }
  const onnx = files.filter((file) => /^[^/]+\.onnx$/iu.test(relative(file.path)));
  const [only] = onnx;
  if (only === undefined || onnx.length > 1) {
    throw failedPrecondition(
      `The version's files have no ${MANIFEST_FILE_NAME} and ${onnx.length === 0 ? 'no' : onnx.length} .onnx files at their root, so they declare no signature; register the model with \`slipway models register\`, which writes the manifest.`,
    );
  }
  return fromOnnx(await onnxSignature(reader, only.path, relative(only.path)));
}

async function onnxSignature(
  reader: { get(key: string): Promise<Readable> },
  key: string,
  path: string,
) {
  try {
    return await readOnnxSignature(reader, key, path);
  } catch (err) {
    // Its own message suggests registering the file as a version, which it already is.
    if (isSlipwayError(err) && err.code === 'PAYLOAD_TOO_LARGE') {
      throw new SlipwayError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The version's '${path}' is too large for the server to read its signature (over 32 MiB); register it with a ${MANIFEST_FILE_NAME}, which declares the signature.`,
        ...(err.details !== undefined ? { details: err.details } : {}),
        cause: err,
      });
    }
    throw err;
  }
}

function fromOnnx(signature: {
  path: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}): VersionSignatureFiles {
  return {
    source: 'onnx',
    path: signature.path,
    inputs: signature.inputs,
    outputs: signature.outputs,
  };
}

/** The stream as UTF-8, refused past MODEL_MANIFEST_MAX_BYTES (a manifest may hold an example). */
async function readText(stream: Readable, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buffer.length;
      if (total > MODEL_MANIFEST_MAX_BYTES) {
        throw new SlipwayError({
          code: 'PAYLOAD_TOO_LARGE',
          message: `The version's ${path} is larger than ${MODEL_MANIFEST_MAX_BYTES / 1024 / 1024} MiB, more than the server reads for a signature.`,
          details: { limitBytes: MODEL_MANIFEST_MAX_BYTES },
        });
      }
      chunks.push(buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
