import { z } from 'zod';
import { onnxValueInfoSchema } from './artifact-signatures.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

/** The largest `slipway-model.json` the server reads for a signature (it may hold an example). */
export const MODEL_MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

export const modelVersionTensorSchema = onnxValueInfoSchema
  .extend({
    columns: z
      .array(z.object({ name: z.string(), type: z.string() }))
      .optional()
      .describe('The named columns that fill a tabular input, in order, where they are recorded.'),
  })
  .register(contractRegistry, { id: 'ModelVersionTensor' });

export const modelVersionSignatureResponseSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    source: z
      .enum(['manifest', 'onnx'])
      .describe(
        "Where the signature was read: the version's slipway-model.json, or (without one) its single .onnx file's graph.",
      ),
    path: z.string().describe("The file it was read from, relative to the version's files."),
    inputs: z.array(modelVersionTensorSchema),
    outputs: z.array(modelVersionTensorSchema),
  })
  .register(contractRegistry, { id: 'ModelVersionSignatureResponse' });

export const modelVersionSignatureRoutes = {
  getModelVersionSignature: defineRoute({
    operationId: 'getModelVersionSignature',
    method: 'GET',
    path: '/api/v1/models/{name}/versions/{version}/signature',
    group: 'model versions',
    summary: "A version's inputs and outputs (names, datatypes, shapes, column names)",
    description:
      "Read from the slipway-model.json among the version's files, or else from its single .onnx file with ONNX Runtime (files over 32 MiB are refused with 413). FAILED_PRECONDITION when the files have neither. Needs READ on the model.",
    params: z.object({ name: z.string().min(1), version: z.string().min(1) }),
    status: 200,
    response: modelVersionSignatureResponseSchema,
  }),
};

export type ModelVersionTensor = z.output<typeof modelVersionTensorSchema>;
/** A model version's signature, as the API answers it. */
export type ModelVersionSignature = z.output<typeof modelVersionSignatureResponseSchema>;
