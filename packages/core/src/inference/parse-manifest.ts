import type { z } from 'zod';
import { invalidArgument } from '../errors.js';
import {
  MANIFEST_FILE_NAME,
  manifestEnvelopeSchema,
  tabularSignatureSchema,
  tensorSignatureSchema,
} from './manifest-schema.js';
import type {
  ModelManifest,
  TabularSignatureJson,
  TensorSignatureJson,
} from './manifest-schema.js';
import type { Datatype } from './datatype.js';
import type { ColumnType, ModelSignature } from './signature.js';

function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first?.path ? ` at '${first.path}'` : '';
  throw invalidArgument(
    `Invalid ${MANIFEST_FILE_NAME}${where}: ${first?.message ?? 'invalid value'}.`,
    { issues },
  );
}

/** Validates a parsed `slipway-model.json`; INVALID_ARGUMENT names the first bad field. */
export function parseModelManifest(value: unknown): ModelManifest {
  const envelope = parseWith(manifestEnvelopeSchema, value, '');
  const signature =
    'columns' in envelope.signature
      ? parseWith(tabularSignatureSchema, envelope.signature, 'signature')
      : parseWith(tensorSignatureSchema, envelope.signature, 'signature');
  return { ...envelope, signature };
}

/** Parses the text of `slipway-model.json` (JSON syntax errors included in the message). */
export function parseModelManifestJson(text: string): ModelManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(
      `${MANIFEST_FILE_NAME} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseModelManifest(value);
}

export function isTabularSignature(
  signature: TensorSignatureJson | TabularSignatureJson,
): signature is TabularSignatureJson {
  return 'columns' in signature;
}

/** The tensors a manifest's signature stands for; tabular columns become one [-1, n] input. */
export function resolveSignature(signature: ModelManifest['signature']): ModelSignature {
  const outputs = signature.outputs.map((spec) => ({ ...spec, shape: [...spec.shape] }));
  if (!isTabularSignature(signature)) {
    const inputs = signature.inputs.map(({ name, datatype, shape }) => ({
      name,
      datatype,
      shape: [...shape],
    }));
    const [named] = signature.inputs;
    if (named?.columns === undefined) return { inputs, outputs };
    // Named columns of a plain tensor input: typed as the input's datatype holds values.
    const type = columnTypeOf(named.datatype);
    const columns = named.columns.map((name) => ({ name, type }));
    return { inputs, outputs, tabular: { inputName: named.name, columns } };
  }
  const { name, datatype } = signature.input;
  return {
    inputs: [{ name, datatype, shape: [-1, signature.columns.length] }],
    outputs,
    tabular: { inputName: name, columns: signature.columns.map((column) => ({ ...column })) },
  };
}

/** The column type whose values a tensor of `datatype` holds (FP32 -> float, INT64 -> long, ...). */
export function columnTypeOf(datatype: Datatype): ColumnType {
  if (datatype === 'BOOL') return 'boolean';
  if (datatype === 'FP64') return 'double';
  if (datatype === 'FP16' || datatype === 'FP32') return 'float';
  if (datatype === 'INT64' || datatype === 'UINT64' || datatype === 'UINT32') return 'long';
  return 'integer';
}
