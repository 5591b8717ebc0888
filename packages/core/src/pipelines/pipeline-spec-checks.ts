import { findCycle, formatCycle } from './pipeline-graph.js';
import {
  formatReference,
  PARAM_NAME_PATTERN,
  parseTemplate,
  templateReferences,
} from './template.js';

type Scalar = string | number | boolean;
type ParamValue = Scalar | readonly Scalar[];

/** The parts of a pipeline spec the cross-field checks read (the schema has checked each field). */
export interface CheckedStep {
  name: string;
  run: string;
  needs?: readonly string[] | undefined;
  workdir?: string | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  files?: readonly string[] | undefined;
  foreach?: string | readonly Scalar[] | undefined;
  interpreter?: string | undefined;
  image?: string | undefined;
}

export interface CheckedSpec {
  params?: Readonly<Record<string, ParamValue>> | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  workdir?: string | undefined;
  steps: readonly CheckedStep[];
}

export interface CheckIssue {
  path: (string | number)[];
  message: string;
}

export const FOREACH_PARAM = /^\$\{params\.([A-Za-z_][A-Za-z0-9_-]*)\}$/u;

/**
 * The rules no single field can check: parameter names, unique step names, needs that name other
 * existing steps without a cycle, `${...}` references to declared parameters (and `${item}` only
 * in fan-out steps), `foreach` naming a list parameter.
 */
export function checkPipelineSpec(spec: CheckedSpec): CheckIssue[] {
  return [
    ...checkParamNames(spec),
    ...checkStepNames(spec),
    ...checkNeeds(spec),
    ...checkReferences(spec),
    ...checkSteps(spec),
  ];
}

function checkParamNames(spec: CheckedSpec): CheckIssue[] {
  return Object.keys(spec.params ?? {}).flatMap((name): CheckIssue[] => {
    if (!PARAM_NAME_PATTERN.test(name)) {
      return [
        {
          path: ['params', name],
          message: 'is not a parameter name: letters, digits, _ and -, starting with a letter or _',
        },
      ];
    }
    if (name === 'item') {
      return [{ path: ['params', name], message: 'is reserved for the fan-out item ${item}' }];
    }
    return [];
  });
}

function checkStepNames(spec: CheckedSpec): CheckIssue[] {
  const first = new Map<string, number>();
  const issues: CheckIssue[] = [];
  spec.steps.forEach((step, i) => {
    const earlier = first.get(step.name);
    if (earlier === undefined) first.set(step.name, i);
    else {
      issues.push({
        path: ['steps', i, 'name'],
        message: `"${step.name}" is already the name of steps[${earlier}]; step names must be unique`,
      });
    }
  });
  return issues;
}

function checkNeeds(spec: CheckedSpec): CheckIssue[] {
  const names = new Set(spec.steps.map((step) => step.name));
  const issues: CheckIssue[] = [];
  spec.steps.forEach((step, i) => {
    (step.needs ?? []).forEach((need, k) => {
      const path = ['steps', i, 'needs', k];
      if (need === step.name) {
        issues.push({ path, message: `step "${step.name}" cannot need itself` });
      } else if (!names.has(need)) {
        issues.push({
          path,
          message: `step "${step.name}" needs "${need}", which is not a step of this pipeline; the steps are ${[...names].join(', ')}`,
        });
      }
    });
  });
  if (issues.length > 0) return issues;
  const cycle = findCycle(spec.steps.map((step) => ({ name: step.name, needs: step.needs ?? [] })));
  if (cycle === undefined) return [];
  return [
    {
      path: ['steps'],
      message: `the needs form a cycle: ${formatCycle(cycle)} (each step needs the next); remove one of these needs`,
    },
  ];
}

/** Every string field where `${...}` is substituted, with its path; `item` says if ${item} may appear. */
function templatedFields(
  spec: CheckedSpec,
): { path: (string | number)[]; text: string; item: boolean }[] {
  const fields: { path: (string | number)[]; text: string; item: boolean }[] = [];
  const env = (
    path: (string | number)[],
    values: Readonly<Record<string, string>>,
    item: boolean,
  ) => {
    for (const [name, text] of Object.entries(values))
      fields.push({ path: [...path, name], text, item });
  };
  env(['env'], spec.env ?? {}, false);
  if (spec.workdir !== undefined)
    fields.push({ path: ['workdir'], text: spec.workdir, item: false });
  spec.steps.forEach((step, i) => {
    const item = step.foreach !== undefined;
    const at = (field: string): (string | number)[] => ['steps', i, field];
    fields.push({ path: at('run'), text: step.run, item });
    env(at('env'), step.env ?? {}, item);
    if (step.workdir !== undefined) fields.push({ path: at('workdir'), text: step.workdir, item });
    (step.files ?? []).forEach((text, k) => fields.push({ path: [...at('files'), k], text, item }));
    if (step.interpreter !== undefined) {
      fields.push({ path: at('interpreter'), text: step.interpreter, item });
    }
    if (step.image !== undefined) fields.push({ path: at('image'), text: step.image, item });
  });
  return fields;
}

function checkReferences(spec: CheckedSpec): CheckIssue[] {
  const params = Object.keys(spec.params ?? {});
  const known = new Set(params);
  const issues: CheckIssue[] = [];
  for (const field of templatedFields(spec)) {
    const parsed = parseTemplate(field.text);
    if (!parsed.ok) {
      issues.push({ path: field.path, message: parsed.problem });
      continue;
    }
    for (const reference of templateReferences(parsed.parts)) {
      if (reference.kind === 'param' && !known.has(reference.name)) {
        issues.push({
          path: field.path,
          message: `${formatReference(reference)} names no parameter; ${describeParams(params)}`,
        });
      } else if (reference.kind === 'item' && !field.item) {
        issues.push({ path: field.path, message: ITEM_OUTSIDE_FOREACH });
      }
    }
  }
  return issues;
}

export const ITEM_OUTSIDE_FOREACH =
  '${item} is only set in a step with foreach (for a shell variable named item, write $item or $${item})';

export function describeParams(params: readonly string[]): string {
  return params.length === 0
    ? 'the pipeline declares no params'
    : `the params are ${params.join(', ')}`;
}

function checkSteps(spec: CheckedSpec): CheckIssue[] {
  const params = spec.params ?? {};
  const issues: CheckIssue[] = [];
  spec.steps.forEach((step, i) => {
    if (step.interpreter !== undefined && step.image !== undefined) {
      issues.push({
        path: ['steps', i, 'image'],
        message: 'give either interpreter or image, not both',
      });
    }
    if (typeof step.foreach !== 'string') return;
    const path = ['steps', i, 'foreach'];
    const match = FOREACH_PARAM.exec(step.foreach.trim());
    if (match === null) {
      issues.push({
        path,
        message: `must be \${params.<name>} naming a list parameter, or a list (got ${JSON.stringify(step.foreach)})`,
      });
      return;
    }
    const name = match[1]!;
    const value = params[name];
    if (value === undefined) {
      issues.push({
        path,
        message: `\${params.${name}} names no parameter; ${describeParams(Object.keys(params))}`,
      });
    } else if (!Array.isArray(value)) {
      issues.push({
        path,
        message: `params.${name} must be a list to fan out over (its default is ${JSON.stringify(value)})`,
      });
    }
  });
  return issues;
}
