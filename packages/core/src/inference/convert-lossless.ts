import { invalidArgument } from '../errors.js';
import {
  FLOAT_DATATYPES,
  INTEGER_DATATYPES,
  INTEGER_RANGES,
  allocateTensorData,
} from './datatype.js';
import type { Datatype } from './datatype.js';
import { float16BitsToNumber, numberToFloat16Bits } from './float16.js';
import type { Tensor } from './tensor.js';

/**
 * Where this applies: the model runtimes convert a request's tensors by this rule, for the callers
 * that may send another datatype than a model's (a deployment variant whose signature differs from
 * the one the deployment advertises, batch and scoring inputs). The Open Inference Protocol
 * surfaces are stricter by default: they refuse any datatype other than the advertised one before
 * a request reaches a runtime, as the protocol asks, unless the server runs with
 * `--oip-datatypes lossless`, which hands such requests to this rule.
 *
 * How a tensor of one datatype may become another:
 * - `identity`: same datatype.
 * - `widening`: every value of the source type fits the target exactly, so no value is looked at.
 *   Integers into integers whose range contains theirs (INT8 -> INT16 -> INT32 -> INT64,
 *   UINT8 -> UINT16/INT16 -> ...), integers into floats whose significand holds all their bits
 *   (8-bit -> FP16, 16-bit -> FP32, 32-bit -> FP64), and FP16 -> FP32 -> FP64.
 * - `checked`: allowed when every actual value is exactly representable in the target, checked
 *   value by value: integer -> narrower integer (each value in range; JSON clients often declare
 *   INT64 for an INT32 input) and integer -> float beyond the significand (INT32 -> FP32 holds
 *   16777216 but not 16777217). An integer is either exact or out of range, never silently rounded.
 * - `refused`: float -> integer (a float tensor means fractional data, even if today's values are
 *   whole), float -> narrower float (FP64 -> FP32: nearly every real value would round, and a
 *   request should not pass or fail by chance of its values; send FP32, whose JSON numbers the
 *   protocol defines as rounded to FP32), and anything to or from BOOL or BYTES.
 */
export type ConversionKind = 'identity' | 'widening' | 'checked' | 'refused';

const SIGNIFICAND_BITS: Readonly<Record<string, number>> = { FP16: 11, FP32: 24, FP64: 53 };
const INTEGER_BITS: Readonly<Record<string, number>> = {
  UINT8: 8,
  INT8: 8,
  UINT16: 16,
  INT16: 16,
  UINT32: 32,
  INT32: 32,
  UINT64: 64,
  INT64: 64,
};
const FLOAT_ORDER: Readonly<Record<string, number>> = { FP16: 0, FP32: 1, FP64: 2 };

export function conversionKind(from: Datatype, to: Datatype): ConversionKind {
  if (from === to) return 'identity';
  if (INTEGER_DATATYPES.has(from) && INTEGER_DATATYPES.has(to)) {
    const [fromMin, fromMax] = INTEGER_RANGES[from] ?? [0n, 0n];
    const [toMin, toMax] = INTEGER_RANGES[to] ?? [0n, 0n];
    return fromMin >= toMin && fromMax <= toMax ? 'widening' : 'checked';
  }
  if (INTEGER_DATATYPES.has(from) && FLOAT_DATATYPES.has(to)) {
    return (INTEGER_BITS[from] ?? 64) <= (SIGNIFICAND_BITS[to] ?? 0) ? 'widening' : 'checked';
  }
  if (FLOAT_DATATYPES.has(from) && FLOAT_DATATYPES.has(to)) {
    return (FLOAT_ORDER[from] ?? 0) < (FLOAT_ORDER[to] ?? 0) ? 'widening' : 'refused';
  }
  return 'refused';
}

/**
 * Converts a tensor to `target` when no value changes (see ConversionKind for the rule); otherwise
 * INVALID_ARGUMENT naming the tensor, both datatypes and, for a value check, the first bad element.
 * Returns the same tensor object for `identity`, a new tensor with new data otherwise.
 */
export function convertLossless(tensor: Tensor, target: Datatype): Tensor {
  const kind = conversionKind(tensor.datatype, target);
  if (kind === 'identity') return tensor;
  if (kind === 'refused') {
    throw invalidArgument(
      `Tensor '${tensor.name}' has datatype ${tensor.datatype} but the model expects ${target}; ${tensor.datatype} -> ${target} can lose information, so it is not converted. Send ${target} data.`,
    );
  }
  const source = tensor.data as ArrayLike<number | bigint>;
  const out = allocateTensorData(target, source.length) as unknown as (number | bigint)[];
  const convert = valueConverter(tensor.datatype, target);
  for (let i = 0; i < source.length; i += 1) {
    const value = source[i] as number | bigint;
    const converted = convert(value);
    if (converted === undefined) {
      throw invalidArgument(
        `Tensor '${tensor.name}' has datatype ${tensor.datatype} but the model expects ${target}, and element ${i} (${String(value)}) is not exactly representable as ${target}.`,
      );
    }
    out[i] = converted;
  }
  return { ...tensor, datatype: target, data: out as unknown as Tensor['data'] };
}

/** Returns the converted value, or undefined when it would not be exact. */
function valueConverter(
  from: Datatype,
  to: Datatype,
): (value: number | bigint) => number | bigint | undefined {
  if (from === 'FP16') return (bits) => float16BitsToNumber(Number(bits));
  if (FLOAT_DATATYPES.has(from)) return (value) => value;
  if (INTEGER_DATATYPES.has(to)) {
    const [min, max] = INTEGER_RANGES[to] ?? [0n, 0n];
    const big = to === 'INT64' || to === 'UINT64';
    return (value) => {
      const asBig = BigInt(value);
      if (asBig < min || asBig > max) return undefined;
      return big ? asBig : Number(asBig);
    };
  }
  return (value) => {
    const asNumber = Number(value);
    if (typeof value === 'bigint' && BigInt(asNumber) !== value) return undefined;
    if (to === 'FP32') return Math.fround(asNumber) === asNumber ? asNumber : undefined;
    if (to === 'FP16') {
      const bits = numberToFloat16Bits(asNumber);
      return float16BitsToNumber(bits) === asNumber ? bits : undefined;
    }
    return asNumber;
  };
}
