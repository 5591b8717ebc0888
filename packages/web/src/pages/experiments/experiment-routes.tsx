import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const ExperimentsPage = lazy(() => import('./experiments-page.js'));
const ExperimentPage = lazy(() => import('../experiment/experiment-page.js'));

/** The experiments list and each experiment's page with its runs. */
export const experimentRoutes: RouteObject[] = [
  { path: 'experiments', element: <ExperimentsPage /> },
  { path: 'experiments/:experimentId', element: <ExperimentPage /> },
];
