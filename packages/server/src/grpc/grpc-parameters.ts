import type { Parameters } from '../serving/protocol/inference-target.js';
import type { ParameterMap } from './grpc-messages.js';

/** InferParameter map -> protocol parameters (64-bit integers as numbers, as JSON would carry them). */
export function parametersFromMessage(map: ParameterMap | undefined): Parameters | undefined {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) return undefined;
  const parameters: Parameters = {};
  for (const [key, parameter] of entries) {
    switch (parameter.parameter_choice) {
      case 'bool_param':
        parameters[key] = parameter.bool_param ?? false;
        break;
      case 'int64_param':
        parameters[key] = Number(parameter.int64_param ?? 0);
        break;
      case 'uint64_param':
        parameters[key] = Number(parameter.uint64_param ?? 0);
        break;
      case 'double_param':
        parameters[key] = parameter.double_param ?? 0;
        break;
      case 'string_param':
        parameters[key] = parameter.string_param ?? '';
        break;
      default:
        break;
    }
  }
  return parameters;
}

/** Protocol parameters -> InferParameter map: whole numbers as int64, others as double. */
export function parametersToMessage(parameters: Parameters | undefined): ParameterMap {
  const map: ParameterMap = {};
  for (const [key, value] of Object.entries(parameters ?? {})) {
    if (typeof value === 'boolean') map[key] = { bool_param: value };
    else if (typeof value === 'string') map[key] = { string_param: value };
    else if (Number.isSafeInteger(value)) map[key] = { int64_param: value };
    else map[key] = { double_param: value };
  }
  return map;
}
