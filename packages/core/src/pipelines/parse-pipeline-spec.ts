import { parseSpec } from '../validation/spec-issues.js';
import { pipelineSpecSchema } from './pipeline-spec.js';
import type { PipelineSpec } from './pipeline-spec.js';

/**
 * Validates a pipeline spec already parsed from YAML or JSON (core has no YAML parser; the CLI
 * reads the file). INVALID_ARGUMENT naming each problem by field path otherwise, e.g.
 * `steps[1].needs[0]: step "train" needs "prepar", which is not a step of this pipeline; ...`.
 */
export function parsePipelineSpec(input: unknown): PipelineSpec {
  return parseSpec(pipelineSpecSchema, input, 'pipeline spec');
}
