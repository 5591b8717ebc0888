import { invalidArgument } from '../errors.js';
import { applyParamOverrides } from './param-overrides.js';
import { parsePipelineSpec } from './parse-pipeline-spec.js';
import { topologicalOrder } from './pipeline-graph.js';
import type { PipelineSpec, PipelineStepSpec } from './pipeline-spec.js';
import { FOREACH_PARAM } from './pipeline-spec-checks.js';
import { planStep } from './plan-step.js';
import type { PipelineParamValue, PipelinePlan, PlannedStep } from './pipeline-types.js';

/** A plan bigger than this is refused: the run's steps are rows the server stores and shows. */
export const MAX_PLANNED_STEPS = 10_000;

/**
 * The steps of one run of `spec`, with `--param` overrides applied: every `${params.x}` and
 * `${item}` substituted, fan-outs expanded into instances `name[0]`, `name[1]`, ... (a step that
 * needs a fanned-out step needs all its instances; an empty list makes no instances and the steps
 * needing it still run), durations in milliseconds, in a deterministic topological order (the
 * spec's order among steps that are ready together). INVALID_ARGUMENT for an unknown or
 * mistyped override, a bad spec, or a value that does not fit where it is used.
 */
export function planPipeline(
  spec: PipelineSpec,
  overrides: Readonly<Record<string, string>> = {},
): PipelinePlan {
  // Validated again so a hand-built object gets the same checks (names, needs, cycles) as a file.
  const checked = parsePipelineSpec(spec);
  const params = applyParamOverrides(checked.params ?? {}, overrides);
  const byName = new Map(checked.steps.map((step) => [step.name, step]));
  const order = topologicalOrder(
    checked.steps.map((step) => ({ name: step.name, needs: step.needs ?? [] })),
  );
  const keysOf = new Map<string, string[]>();
  const steps: PlannedStep[] = [];
  for (const name of order) {
    const step = byName.get(name)!;
    const needs = [...new Set((step.needs ?? []).flatMap((need) => keysOf.get(need)!))];
    const items = fanOutItems(step, params);
    if (steps.length + (items?.length ?? 1) > MAX_PLANNED_STEPS) {
      throw invalidArgument(
        `Pipeline "${checked.name}" plans more than ${MAX_PLANNED_STEPS} steps (step "${name}" fans out over ${items?.length ?? 1} items); split it into smaller runs.`,
      );
    }
    const planned =
      items === undefined
        ? [planStep(checked, step, params, needs)]
        : items.map((item, index) => planStep(checked, step, params, needs, { index, item }));
    keysOf.set(
      name,
      planned.map((p) => p.key),
    );
    steps.push(...planned);
  }
  return { name: checked.name, params, steps };
}

/** The items a `foreach` step fans out over; undefined for a step without foreach. */
function fanOutItems(
  step: PipelineStepSpec,
  params: Readonly<Record<string, PipelineParamValue>>,
): readonly (string | number | boolean)[] | undefined {
  if (step.foreach === undefined) return undefined;
  if (typeof step.foreach !== 'string') return step.foreach;
  const name = FOREACH_PARAM.exec(step.foreach.trim())![1]!;
  const value = params[name];
  if (!Array.isArray(value)) {
    throw invalidArgument(
      `Step "${step.name}": foreach needs params.${name} to be a list, but it is ${JSON.stringify(value)}.`,
    );
  }
  return value as readonly (string | number | boolean)[];
}
