import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

// One chunk per page.
/** Pipelines, their runs, and one run's DAG, steps and logs. */
export const pipelineRoutes: RouteObject[] = [
  { path: 'pipelines', lazy: lazyPage(() => import('./pipelines-page.js')) },
  { path: 'pipelines/runs/:runId', lazy: lazyPage(() => import('./pipeline-run-page.js')) },
];
