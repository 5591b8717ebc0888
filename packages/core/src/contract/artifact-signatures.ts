import { z } from 'zod';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

/**
 * The largest ONNX file whose signature the server reads. ONNX Runtime parses the whole model
 * (weights included) synchronously to report it, so bigger files are refused (413) rather than
 * stall the server; clients can compare an artifact's `fileSize` first.
 */
export const ARTIFACT_SIGNATURE_MAX_BYTES = 32 * 1024 * 1024;

export const onnxValueInfoSchema = z
  .object({
    name: z.string(),
    isTensor: z
      .boolean()
      .describe('False for sequences and maps (e.g. ZipMap probabilities), which have no shape.'),
    datatype: z
      .string()
      .optional()
      .describe(
        "The Open Inference Protocol datatype (FP32, INT64, BYTES...), or ONNX Runtime's element type name when the protocol has none.",
      ),
    shape: z
      .array(z.union([z.number().int(), z.string()]))
      .optional()
      .describe('Dimensions; a dynamic one is its symbolic name (e.g. "batch"), or -1 unnamed.'),
  })
  .register(contractRegistry, { id: 'OnnxValueInfo' });

export const artifactSignatureResponseSchema = z
  .object({
    path: z.string().describe("The artifact, relative to the run's artifact root."),
    format: z.literal('onnx'),
    inputs: z.array(onnxValueInfoSchema),
    outputs: z.array(onnxValueInfoSchema),
  })
  .register(contractRegistry, { id: 'ArtifactSignatureResponse' });

export const artifactSignatureRoutes = {
  getRunArtifactSignature: defineRoute({
    operationId: 'getRunArtifactSignature',
    method: 'GET',
    path: '/api/v1/runs/{runId}/artifact-signatures/{path*}',
    group: 'artifacts',
    summary: "The inputs and outputs of a run's ONNX artifact (for previews)",
    description: `Read with ONNX Runtime, as serving does. Only \`.onnx\` files (400 for others); files over ${ARTIFACT_SIGNATURE_MAX_BYTES / 1024 / 1024} MiB are refused with 413. Needs READ on the run's experiment.`,
    params: z.object({
      runId: z.string().min(1),
      path: z.string().describe("Artifact path below the run's root; slashes allowed."),
    }),
    status: 200,
    response: artifactSignatureResponseSchema,
  }),
};

export type OnnxValueInfo = z.output<typeof onnxValueInfoSchema>;
/** An artifact's signature, as the API answers it. */
export type ArtifactSignature = z.output<typeof artifactSignatureResponseSchema>;
