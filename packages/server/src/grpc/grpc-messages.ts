/**
 * Messages of inference.GRPCInferenceService as proto-loader decodes them with
 * PROTO_LOADER_OPTIONS (int64 / uint64 as decimal strings, bytes as Buffers, defaults filled in).
 * Only the fields the server reads or writes are typed.
 */

export interface InferParameterMessage {
  parameter_choice?:
    'bool_param' | 'int64_param' | 'string_param' | 'double_param' | 'uint64_param';
  bool_param?: boolean;
  int64_param?: string | number;
  string_param?: string;
  double_param?: number;
  uint64_param?: string | number;
}

export type ParameterMap = Record<string, InferParameterMessage>;

export interface InferTensorContentsMessage {
  bool_contents?: boolean[];
  int_contents?: number[];
  int64_contents?: (string | number)[];
  uint_contents?: number[];
  uint64_contents?: (string | number)[];
  fp32_contents?: number[];
  fp64_contents?: number[];
  bytes_contents?: Uint8Array[];
}

export interface InferInputTensorMessage {
  name: string;
  datatype: string;
  shape: (string | number)[];
  parameters: ParameterMap;
  contents: InferTensorContentsMessage | null;
}

export interface ModelInferRequestMessage {
  model_name: string;
  model_version: string;
  id: string;
  parameters: ParameterMap;
  inputs: InferInputTensorMessage[];
  outputs: { name: string; parameters: ParameterMap }[];
  raw_input_contents: Buffer[];
}

export interface InferOutputTensorMessage {
  name: string;
  datatype: string;
  shape: number[];
  parameters: ParameterMap;
  contents?: InferTensorContentsMessage;
}

export interface ModelInferResponseMessage {
  model_name: string;
  model_version: string;
  id: string;
  parameters: ParameterMap;
  outputs: InferOutputTensorMessage[];
  raw_output_contents: Uint8Array[];
}

export interface ModelRefMessage {
  name: string;
  version: string;
}

export interface RepositoryIndexRequestMessage {
  repository_name: string;
  ready: boolean;
}

export interface RepositoryModelRequestMessage {
  repository_name: string;
  model_name: string;
}
