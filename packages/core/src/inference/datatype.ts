/**
 * The tensor element types of the Open Inference Protocol (KServe v2), spelled as the protocol
 * spells them on the wire.
 */
export const DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
] as const;

export type Datatype = (typeof DATATYPES)[number];

/**
 * The in-memory representation of each datatype. BOOL is one byte per element (0 or 1), FP16 holds
 * IEEE 754 half-precision bit patterns (Node 20 has no Float16Array), BYTES holds one byte string
 * per element.
 */
export interface TensorDataMap {
  BOOL: Uint8Array;
  UINT8: Uint8Array;
  UINT16: Uint16Array;
  UINT32: Uint32Array;
  UINT64: BigUint64Array;
  INT8: Int8Array;
  INT16: Int16Array;
  INT32: Int32Array;
  INT64: BigInt64Array;
  FP16: Uint16Array;
  FP32: Float32Array;
  FP64: Float64Array;
  BYTES: Uint8Array[];
}

export type TensorData = TensorDataMap[Datatype];

/** Datatypes whose elements are fixed-size numbers stored in a typed array. */
export type FixedDatatype = Exclude<Datatype, 'BYTES'>;

type TypedArrayConstructor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | BigUint64ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

const CONSTRUCTORS: Record<FixedDatatype, TypedArrayConstructor> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

const DATATYPE_SET: ReadonlySet<string> = new Set(DATATYPES);

export function isDatatype(value: unknown): value is Datatype {
  return typeof value === 'string' && DATATYPE_SET.has(value);
}

/** Bytes per element in the protocol's raw (binary) encoding; undefined for BYTES. */
export function datatypeByteSize(datatype: Datatype): number | undefined {
  return datatype === 'BYTES' ? undefined : CONSTRUCTORS[datatype].BYTES_PER_ELEMENT;
}

/** A zero-filled data array for `count` elements (empty byte strings for BYTES). */
export function allocateTensorData<D extends Datatype>(
  datatype: D,
  count: number,
): TensorDataMap[D] {
  if (datatype === 'BYTES') {
    return Array.from({ length: count }, () => new Uint8Array(0)) as TensorDataMap[D];
  }
  return new CONSTRUCTORS[datatype as FixedDatatype](count) as TensorDataMap[D];
}

/**
 * True when `data` has the in-memory representation of `datatype`. BOOL and UINT8 share
 * Uint8Array, UINT16 and FP16 share Uint16Array, so this checks the representation only.
 */
export function dataMatchesDatatype(datatype: Datatype, data: unknown): boolean {
  if (datatype === 'BYTES') {
    return Array.isArray(data) && data.every((item) => item instanceof Uint8Array);
  }
  return data instanceof CONSTRUCTORS[datatype];
}

export const INTEGER_DATATYPES: ReadonlySet<Datatype> = new Set([
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
]);

export const FLOAT_DATATYPES: ReadonlySet<Datatype> = new Set(['FP16', 'FP32', 'FP64']);

/** Inclusive integer range of each integer datatype, as bigints so 64-bit bounds are exact. */
export const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  UINT8: [0n, 255n],
  UINT16: [0n, 65_535n],
  UINT32: [0n, 4_294_967_295n],
  UINT64: [0n, 18_446_744_073_709_551_615n],
  INT8: [-128n, 127n],
  INT16: [-32_768n, 32_767n],
  INT32: [-2_147_483_648n, 2_147_483_647n],
  INT64: [-9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
};
