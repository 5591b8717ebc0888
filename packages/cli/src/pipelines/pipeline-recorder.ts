import type { PipelinesApi, SlipwayClient } from '@slipway/sdk';

/**
 * What the runner needs from the system of record, and nothing more: the calls a runner makes on
 * `client.pipelines`, so a runner can be handed anything that answers them.
 */
export type PipelineRecorder = Pick<
  PipelinesApi,
  | 'createRun'
  | 'getRun'
  | 'cancelRun'
  | 'startStep'
  | 'heartbeat'
  | 'retryStep'
  | 'finishStep'
  | 'uploadOutput'
  | 'downloadOutput'
  | 'findCached'
  | 'appendLogs'
>;

/** The read side, for `slipway pipelines list|runs|get|logs|cancel`. */
export type PipelineReader = Pick<
  PipelinesApi,
  'getRun' | 'listPipelines' | 'listRuns' | 'readLogs' | 'cancelRun'
>;

/** The recorder (and reader) over the SDK. */
export function sdkRecorder(client: SlipwayClient): PipelineRecorder & PipelineReader {
  return client.pipelines;
}
