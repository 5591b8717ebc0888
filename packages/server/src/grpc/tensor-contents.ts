import { invalidArgument, toTypedArray } from '@slipway/core';
import type { Datatype, NestedTensorValues, Tensor, TensorData } from '@slipway/core';
import type { InferTensorContentsMessage } from './grpc-messages.js';

type ContentsField = keyof InferTensorContentsMessage;

/** The typed-contents field of each datatype; FP16 has none and travels only as raw bytes. */
const FIELD_OF: Record<Exclude<Datatype, 'FP16'>, ContentsField> = {
  BOOL: 'bool_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  BYTES: 'bytes_contents',
};

const FIELDS = Object.keys({
  bool_contents: 0,
  int_contents: 0,
  int64_contents: 0,
  uint_contents: 0,
  uint64_contents: 0,
  fp32_contents: 0,
  fp64_contents: 0,
  bytes_contents: 0,
} satisfies Record<ContentsField, 0>) as ContentsField[];

/** True when no typed-contents field holds anything (proto3 cannot tell empty from unset). */
export function contentsEmpty(contents: InferTensorContentsMessage | null | undefined): boolean {
  return contents == null || FIELDS.every((field) => (contents[field]?.length ?? 0) === 0);
}

/**
 * Tensor data from typed contents. Values go through the same checks as JSON data (range, integer,
 * element count against the shape), so INT8 contents of 300 are refused, not wrapped.
 */
export function decodeContents(
  contents: InferTensorContentsMessage | null,
  spec: { name: string; datatype: Datatype; shape: number[] },
): TensorData {
  const { name, datatype, shape } = spec;
  if (datatype === 'FP16') {
    throw invalidArgument(
      `Input '${name}' is FP16, which has no typed contents field; send it in raw_input_contents.`,
    );
  }
  const field = FIELD_OF[datatype];
  const misplaced = FIELDS.find((other) => other !== field && (contents?.[other]?.length ?? 0) > 0);
  if (misplaced !== undefined) {
    throw invalidArgument(
      `Input '${name}' is ${datatype}, whose contents go in ${field}, but ${misplaced} is set.`,
    );
  }
  const values = (contents?.[field] ?? []) as (string | number | boolean | Uint8Array)[];
  const wide = field === 'int64_contents' || field === 'uint64_contents';
  const converted: NestedTensorValues = wide
    ? values.map((value) => BigInt(value as string | number))
    : values;
  return toTypedArray(datatype, converted, { name, shape });
}

/** Typed contents of an output; undefined for FP16, which only raw contents can carry. */
export function encodeContents(tensor: Tensor): InferTensorContentsMessage | undefined {
  const { datatype, data } = tensor;
  switch (datatype) {
    case 'FP16':
      return undefined;
    case 'BYTES':
      return { bytes_contents: data as Uint8Array[] };
    case 'BOOL':
      return { bool_contents: Array.from(data as Uint8Array, (value) => value !== 0) };
    case 'INT64':
    case 'UINT64':
      return {
        [FIELD_OF[datatype]]: Array.from(data as BigInt64Array | BigUint64Array, String),
      };
    default:
      return { [FIELD_OF[datatype]]: Array.from(data as ArrayLike<number>) };
  }
}
