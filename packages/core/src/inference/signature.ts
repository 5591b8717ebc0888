import type { Datatype } from './datatype.js';

/** A declared tensor: name, datatype and shape, where -1 marks a dynamic dimension. */
export interface TensorSpec {
  name: string;
  datatype: Datatype;
  shape: number[];
}

/** Column types of a tabular signature (MLflow's names for the numeric ones). */
export const COLUMN_TYPES = ['boolean', 'integer', 'long', 'float', 'double'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/**
 * What a model takes and returns, in tensors. A tabular model also keeps its column schema:
 * its columns fill one [batch, columns.length] input tensor (`tabular.inputName`) in column order,
 * which is how MLflow-style scoring (dataframe_split, dataframe_records) maps rows onto the model.
 */
export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  tabular?: { inputName: string; columns: ColumnSpec[] };
}

/** True when dimension 0 of every input and output is dynamic, so requests can be stacked. */
export function isBatchable(signature: Pick<ModelSignature, 'inputs' | 'outputs'>): boolean {
  const specs = [...signature.inputs, ...signature.outputs];
  return specs.length > 0 && specs.every((spec) => spec.shape[0] === -1);
}
