import { invalidArgument } from '../errors.js';
import { parseDuration } from './duration.js';
import type { PipelineParamValue, PlannedStep } from './pipeline-types.js';
import type { PipelineSpec, PipelineStepSpec } from './pipeline-spec.js';
import { ITEM_KEY } from './pipeline-spec.js';
import { ITEM_OUTSIDE_FOREACH } from './pipeline-spec-checks.js';
import { isAbsolutePath, joinRelativePath, normalizeRelativePath } from './relative-path.js';
import { formatReference, parseTemplate, renderTemplate } from './template.js';
import type { TemplatePart, TemplateReference } from './template.js';

type Scalar = string | number | boolean;

export interface FanOutInstance {
  index: number;
  item: Scalar;
}

const DEFAULT_RETRY_DELAY = '1s';

/**
 * One planned step (or one fan-out instance) of a validated spec: its strings substituted, the
 * params it references collected for its cache key, durations in milliseconds.
 */
export function planStep(
  spec: PipelineSpec,
  step: PipelineStepSpec,
  params: Readonly<Record<string, PipelineParamValue>>,
  needs: string[],
  instance?: FanOutInstance,
): PlannedStep {
  const key = instance === undefined ? step.name : `${step.name}[${instance.index}]`;
  const subst = new Substitution(step.name, params, instance);
  const workdir = subst.workdir([spec.workdir, step.workdir]);
  const env: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ...spec.env, ...step.env })) {
    env[name] = subst.text(`env.${name}`, text, 'join');
  }
  const files = [...new Set((step.files ?? []).flatMap((entry, i) => subst.files(i, entry)))];
  const command = subst.text('run', step.run, 'join');
  const interpreter =
    step.interpreter !== undefined
      ? subst.text('interpreter', step.interpreter, 'scalar')
      : step.image !== undefined
        ? subst.text('image', step.image, 'scalar')
        : undefined;
  // Collected last, once every field has been substituted.
  const used = subst.referencedParams();
  const planned: PlannedStep = {
    key,
    name: step.name,
    needs: [...needs],
    command,
    workdir,
    env,
    files,
    params: instance === undefined ? used : sortKeys({ ...used, [ITEM_KEY]: instance.item }),
    retries: step.retries ?? 0,
    retryDelayMs: parseDuration(
      step.retryDelay ?? DEFAULT_RETRY_DELAY,
      `step "${step.name}": retryDelay`,
    ),
    cache: cacheOf(step),
  };
  if (instance !== undefined) {
    planned.index = instance.index;
    planned.item = instance.item;
  }
  if (step.timeout !== undefined) {
    planned.timeoutMs = parseDuration(step.timeout, `step "${step.name}": timeout`);
  }
  if (interpreter !== undefined) planned.interpreter = interpreter;
  return planned;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function cacheOf(step: PipelineStepSpec): PlannedStep['cache'] {
  if (step.cache === false) return { enabled: false };
  if (step.cache === undefined || step.cache === true) return { enabled: true };
  return { enabled: true, ttlMs: parseDuration(step.cache.ttl, `step "${step.name}": cache.ttl`) };
}

/** Substitutes one step's strings and remembers which params they used. */
class Substitution {
  private readonly used = new Set<string>();

  constructor(
    private readonly stepName: string,
    private readonly params: Readonly<Record<string, PipelineParamValue>>,
    private readonly instance: FanOutInstance | undefined,
  ) {}

  /** A list param is joined with spaces (`join`) or refused where one value is needed (`scalar`). */
  text(field: string, text: string, lists: 'join' | 'scalar'): string {
    return renderTemplate(this.parse(field, text), (reference) =>
      this.format(field, reference, lists),
    );
  }

  /**
   * The workdir from its parts (the pipeline's, then the step's, relative to it), each substituted
   * and checked on its own so a param cannot turn it absolute, then normalised.
   */
  workdir(parts: readonly (string | undefined)[]): string {
    let workdir = '.';
    for (const part of parts) {
      if (part === undefined) continue;
      const value = this.text('workdir', part, 'scalar');
      this.checkRelative('workdir', value);
      workdir = joinRelativePath(workdir, value);
    }
    return workdir;
  }

  /** A `files` entry; one that is exactly a list param's reference stands for each of its items. */
  files(index: number, entry: string): string[] {
    const field = `files[${index}]`;
    const parts = this.parse(field, entry);
    const only = parts.length === 1 ? parts[0] : undefined;
    const values =
      typeof only === 'object' && only.kind === 'param' && Array.isArray(this.params[only.name])
        ? (this.lookup(field, only) as readonly Scalar[]).map(String)
        : [renderTemplate(parts, (reference) => this.format(field, reference, 'scalar'))];
    return values.map((value) => {
      this.checkRelative(field, value);
      return normalizeRelativePath(value);
    });
  }

  referencedParams(): Record<string, PipelineParamValue> {
    const params: Record<string, PipelineParamValue> = {};
    for (const name of this.used) params[name] = this.params[name]!;
    return sortKeys(params);
  }

  private parse(field: string, text: string): TemplatePart[] {
    const parsed = parseTemplate(text);
    if (!parsed.ok) throw this.error(field, parsed.problem);
    return parsed.parts;
  }

  private lookup(field: string, reference: TemplateReference): PipelineParamValue {
    if (reference.kind === 'item') {
      if (this.instance === undefined) throw this.error(field, ITEM_OUTSIDE_FOREACH);
      return this.instance.item;
    }
    const value = Object.hasOwn(this.params, reference.name)
      ? this.params[reference.name]
      : undefined;
    if (value === undefined) {
      throw this.error(field, `${formatReference(reference)} names no parameter`);
    }
    this.used.add(reference.name);
    return value;
  }

  private format(field: string, reference: TemplateReference, lists: 'join' | 'scalar'): string {
    const value = this.lookup(field, reference);
    if (!Array.isArray(value)) return String(value);
    if (lists === 'scalar') {
      throw this.error(
        field,
        `${formatReference(reference)} is a list (${JSON.stringify(value)}) but ${field} needs one value`,
      );
    }
    return value.map(String).join(' ');
  }

  private checkRelative(field: string, path: string): void {
    if (path === '' || isAbsolutePath(path)) {
      throw this.error(
        field,
        `must be a path relative to the pipeline file's directory, not ${JSON.stringify(path)}`,
      );
    }
  }

  private error(field: string, problem: string) {
    return invalidArgument(`Step "${this.stepName}": ${field}: ${problem}.`, {
      step: this.stepName,
      field,
    });
  }
}
