/** The shapes a pipeline plan is made of, shared by planning, the cache key, the store and the runner. */

export type PipelineParamValue =
  string | number | boolean | ReadonlyArray<string | number | boolean>;
export type StepStatus =
  'pending' | 'queued' | 'running' | 'succeeded' | 'cached' | 'failed' | 'skipped' | 'cancelled';
export type PipelineRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface PlannedStep {
  /** Unique in the run: the step name, or `name[i]` for instance i of a fan-out. */
  key: string;
  /** The step's name in the spec. */
  name: string;
  /** Fan-out instance index. */
  index?: number;
  /** Fan-out item (a scalar). */
  item?: PipelineParamValue;
  /** Keys of the planned steps it needs (fan-in: every instance of a fanned-out step). */
  needs: string[];
  /** Shell line with ${params.x} and ${item} substituted. */
  command: string;
  /** Relative to the pipeline file's directory ('.' by default). */
  workdir: string;
  /** Declared variables (pipeline env merged with step env), interpolated. */
  env: Record<string, string>;
  /** Declared files/globs (relative to workdir) that go into the cache key. */
  files: string[];
  /**
   * Only the params this step references (cache key part). A fan-out instance holds its own item
   * under `item` instead of the list it came from, so adding an item reruns only the new instance.
   */
  params: Record<string, PipelineParamValue>;
  /** Extra attempts after the first (default 0). */
  retries: number;
  /** First backoff delay; doubles per attempt (default 1000). */
  retryDelayMs: number;
  timeoutMs?: number;
  cache: { enabled: boolean; ttlMs?: number };
  /** The `interpreter:` or `image:` string, which goes into the cache key's environment part. */
  interpreter?: string;
}

export interface PipelinePlan {
  name: string;
  params: Record<string, PipelineParamValue>;
  /** Topologically ordered. */
  steps: PlannedStep[];
}

export interface CacheKeyParts {
  command: string;
  workdir: string;
  /** path -> sha256 of the file content. */
  files: Record<string, string>;
  params: Record<string, PipelineParamValue>;
  /** Needed step key -> its outputs digest. */
  inputs: Record<string, string>;
  /** Declared env plus `interpreter` when given. */
  env: Record<string, string>;
}
