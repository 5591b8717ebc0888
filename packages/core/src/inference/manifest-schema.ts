import { z } from 'zod';
import { DATATYPES } from './datatype.js';
import { COLUMN_TYPES } from './signature.js';

/** The file that makes a directory a Slipway model package. */
export const MANIFEST_FILE_NAME = 'slipway-model.json';

export const MODEL_FLAVORS = ['onnx', 'js'] as const;
export type ModelFlavor = (typeof MODEL_FLAVORS)[number];

/** A path inside the package: relative, '/'-separated, no '..' or '.' segments. */
const packagePath = z
  .string()
  .min(1)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !/[\\\0]/.test(path) &&
      !/^[A-Za-z]:/.test(path) &&
      path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    { message: "must be a relative path inside the package (no '..', no leading '/', no '\\')" },
  );

const name = z.string().min(1).max(256);

export const tensorSpecSchema = z.strictObject({
  name,
  datatype: z.enum(DATATYPES),
  shape: z.array(z.number().int().min(-1)).max(32),
});

function uniqueNames(items: readonly { name: string }[]): boolean {
  return new Set(items.map((item) => item.name)).size === items.length;
}

const tensorList = z
  .array(tensorSpecSchema)
  .refine(uniqueNames, { message: 'tensor names must be unique' });

/**
 * An input tensor; a model's one 2-D input may name its columns (`columns`, the feature names in
 * order: what `slipway models register --columns` or `--sample` records). Tables (MLflow's
 * dataframe_split / dataframe_records, CSV, Parquet and JSONL files) then fill the input by column
 * name; without names, a table with as many columns as the input fills it in column order.
 */
export const inputSpecSchema = tensorSpecSchema.extend({
  columns: z
    .array(name)
    .min(1)
    .refine((columns) => new Set(columns).size === columns.length, {
      message: 'column names must be unique',
    })
    .optional(),
});

/** Tensor signature: every input and output tensor declared. */
export const tensorSignatureSchema = z
  .strictObject({
    inputs: z
      .array(inputSpecSchema)
      .min(1)
      .refine(uniqueNames, { message: 'tensor names must be unique' }),
    outputs: tensorList.min(1),
  })
  .superRefine(({ inputs }, ctx) => {
    inputs.forEach((input, index) => {
      const { columns } = input;
      if (columns === undefined) return;
      const problem =
        inputs.length !== 1
          ? 'only the input of a single-input model can name columns'
          : input.shape.length !== 2 || input.datatype === 'BYTES'
            ? 'only a numeric 2-D [rows, columns] input can name columns'
            : input.shape[1] !== -1 && input.shape[1] !== columns.length
              ? `the input has ${input.shape[1]} columns but ${columns.length} names are given`
              : undefined;
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: problem, path: ['inputs', index, 'columns'] });
      }
    });
  });

/**
 * Tabular signature: typed columns that fill one [batch, columns.length] input tensor, in order
 * (integer and boolean columns are checked as such). For plain names over the tensor signature
 * read from an ONNX graph, see `inputSpecSchema`'s `columns`.
 */
export const tabularSignatureSchema = z.strictObject({
  columns: z
    .array(z.strictObject({ name, type: z.enum(COLUMN_TYPES) }))
    .min(1)
    .refine(uniqueNames, { message: 'column names must be unique' }),
  input: z
    .strictObject({
      name: name.default('input'),
      datatype: z.enum(DATATYPES).exclude(['BYTES']).default('FP32'),
    })
    .default({ name: 'input', datatype: 'FP32' }),
  outputs: tensorList.min(1),
});

export const lineageSchema = z.strictObject({
  runId: z.string().min(1).optional(),
  datasets: z
    .array(
      z.strictObject({
        name,
        digest: z.string().optional(),
        source: z.string().optional(),
        version: z.union([z.string(), z.number()]).optional(),
      }),
    )
    .optional(),
  codeVersion: z.string().optional(),
});

/**
 * `slipway-model.json` without its signature, which parseModelManifest validates with the
 * schema its shape calls for (a union would report both alternatives' errors at once).
 */
export const manifestEnvelopeSchema = z.strictObject({
  formatVersion: z.literal(1),
  name: name.optional(),
  flavor: z.enum(MODEL_FLAVORS),
  modelFile: packagePath,
  signature: z.looseObject({}),
  /** An example request, kept as given (OIP `{ inputs: [...] }` or tabular records). */
  inputExample: z.json().optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  lineage: lineageSchema.optional(),
  /** Markdown, or structured fields (intended use, limitations, ...). */
  modelCard: z.union([z.string(), z.record(z.string(), z.json())]).optional(),
});

export type TensorSignatureJson = z.output<typeof tensorSignatureSchema>;
export type TabularSignatureJson = z.output<typeof tabularSignatureSchema>;
export type ModelLineage = z.output<typeof lineageSchema>;

export type ModelManifest = Omit<z.output<typeof manifestEnvelopeSchema>, 'signature'> & {
  signature: TensorSignatureJson | TabularSignatureJson;
};
