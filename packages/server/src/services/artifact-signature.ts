import type { Readable } from 'node:stream';
import { ARTIFACT_SIGNATURE_MAX_BYTES, SlipwayError, invalidArgument } from '@slipway/core';
import type { ArtifactSignature, ArtifactStore } from '@slipway/core';
import { describeOnnxModel } from '../serving/runtime/describe-onnx-model.js';

const LIMIT_MIB = ARTIFACT_SIGNATURE_MAX_BYTES / 1024 / 1024;

/**
 * The signature of the ONNX file stored at `key` (`path` is how the caller named it). Refused
 * before anything is read unless the name ends in `.onnx`; refused with 413 as soon as more than
 * ARTIFACT_SIGNATURE_MAX_BYTES have arrived, since ONNX Runtime parses the whole model at once.
 */
export async function readOnnxSignature(
  store: Pick<ArtifactStore, 'get'>,
  key: string,
  path: string,
): Promise<ArtifactSignature> {
  if (!/\.onnx$/iu.test(path)) {
    throw invalidArgument(
      `'${path}' is not an ONNX model: only .onnx artifacts have a signature to preview.`,
    );
  }
  const bytes = await readAtMost(await store.get(key), ARTIFACT_SIGNATURE_MAX_BYTES, path);
  const { inputs, outputs } = await describeOnnxModel(bytes, `'${path}'`);
  return { path, format: 'onnx', inputs, outputs };
}

async function readAtMost(stream: Readable, limit: number, path: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buffer.length;
      if (total > limit) {
        throw new SlipwayError({
          code: 'PAYLOAD_TOO_LARGE',
          message: `'${path}' is larger than ${LIMIT_MIB} MiB, the largest ONNX model whose signature the server reads; download it to inspect it, or register it as a model version, whose signature is then stored.`,
          details: { limitBytes: limit },
        });
      }
      chunks.push(buffer);
    }
  } finally {
    // Stop reading (and free the file or connection) when refused part way.
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}
