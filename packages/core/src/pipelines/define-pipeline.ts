import { parsePipelineSpec } from './parse-pipeline-spec.js';
import type { PipelineSpec } from './pipeline-spec.js';

type Scalar = string | number | boolean;

/** A command step as written in a TypeScript pipeline file (the YAML step's fields). */
export interface StepDefinition {
  readonly name: string;
  readonly run: string;
  readonly needs?: readonly string[];
  readonly workdir?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly foreach?: string | readonly Scalar[];
  readonly retries?: number;
  readonly retryDelay?: string;
  readonly timeout?: string;
  readonly cache?: boolean | { readonly ttl: string };
  readonly interpreter?: string;
  readonly image?: string;
}

/** A pipeline as written in a TypeScript file: the YAML spec's fields. */
export interface PipelineDefinition {
  readonly name: string;
  readonly description?: string;
  readonly params?: Readonly<Record<string, Scalar | readonly Scalar[]>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly steps: readonly StepDefinition[];
}

// Compile-time checks, on the literal types `const` inference keeps: needs name steps of this
// pipeline, ${params.x} names a declared param, ${item} appears only in fan-out steps, and
// foreach names a list param. A string built at run time is not checked here, only at run time.

/** The names in `${params.<name>}` references of `T`, skipping `$${` escapes. */
type ParamRefs<T extends string> = T extends `${infer Before}\${params.${infer Name}}${infer Rest}`
  ? Before extends `${string}$`
    ? ParamRefs<Rest>
    : Name | ParamRefs<Rest>
  : never;

type HasItemRef<T extends string> = T extends `${infer Before}\${item}${infer Rest}`
  ? Before extends `${string}$`
    ? HasItemRef<Rest>
    : true
  : false;

interface Invalid<Problem extends string> {
  readonly problem: Problem;
}

type CheckText<T, Params extends string, ItemAllowed extends boolean> = T extends string
  ? [Exclude<ParamRefs<T>, Params>] extends [never]
    ? ItemAllowed extends true
      ? T
      : HasItemRef<T> extends true
        ? Invalid<'${item} is only set in a step with foreach'>
        : T
    : Invalid<`\${params.${Exclude<ParamRefs<T>, Params>}} names no parameter`>
  : T;

type ParamNames<P> = P extends { readonly params: infer Declared }
  ? keyof Declared & string
  : never;

type ListParamNames<P> = P extends { readonly params: infer Declared }
  ? { [K in keyof Declared]: Declared[K] extends readonly unknown[] ? K : never }[keyof Declared] &
      string
  : never;

type StepNames<P extends PipelineDefinition> = P['steps'][number]['name'];

type ItemAllowed<S> = S extends { readonly foreach: unknown } ? true : false;

// The spec is typed `P & CheckPipeline<P>`: a valid field checks as itself, a bad one as an
// object naming the problem (not a string literal, whose intersection with the field would be
// never and make TypeScript report the whole step instead of the field).
type CheckStep<S, P extends PipelineDefinition> = {
  readonly [K in keyof S]: K extends 'needs'
    ? readonly StepNames<P>[]
    : K extends 'run'
      ? CheckText<S[K], ParamNames<P>, ItemAllowed<S>>
      : K extends 'env'
        ? { readonly [V in keyof S[K]]: CheckText<S[K][V], ParamNames<P>, ItemAllowed<S>> }
        : K extends 'foreach'
          ? S[K] extends string
            ? S[K] extends `\${params.${ListParamNames<P>}}`
              ? S[K]
              : Invalid<'foreach must be ${params.<name>} naming a list param, or a list'>
            : readonly Scalar[]
          : S[K];
};

type CheckPipeline<P extends PipelineDefinition> = {
  readonly [K in keyof P]: K extends 'steps'
    ? { readonly [I in keyof P[K]]: CheckStep<P[K][I], P> }
    : P[K];
};

/**
 * A pipeline defined in TypeScript, checked as far as the compiler can (step names in `needs`,
 * `${params.x}` and `${item}` references, `foreach` over a list param) and then at run time by
 * the same validation as a YAML file. Returns the spec `parsePipelineSpec` returns.
 *
 * @example
 * export default definePipeline({
 *   name: 'churn',
 *   params: { rows: 1000, regions: ['eu', 'us'] },
 *   steps: [
 *     { name: 'prepare', run: 'node prepare.js ${params.rows}' },
 *     { name: 'train', needs: ['prepare'], foreach: '${params.regions}', run: 'python train.py ${item}' },
 *     { name: 'report', needs: ['train'], run: 'node report.js' },
 *   ],
 * });
 */
export function definePipeline<const P extends PipelineDefinition>(
  spec: P & NoInfer<CheckPipeline<P>>,
): PipelineSpec {
  return parsePipelineSpec(spec);
}
