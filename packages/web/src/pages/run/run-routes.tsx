import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const RunPage = lazy(() => import('./run-page.js'));
const RunOverview = lazy(() => import('./overview/run-overview.js'));
const RunArtifacts = lazy(() => import('./artifacts/run-artifacts.js'));
// The charts section's own panel (uPlot and all): loaded only when the tab is opened.
const RunMetricsPanel = lazy(() => import('../../charts/run-metrics-panel.js'));

/** A run's page: its overview, metric charts and artifacts, each at its own URL. */
export const runRoutes: RouteObject[] = [
  {
    path: 'runs/:runId',
    element: <RunPage />,
    children: [
      { index: true, element: <RunOverview /> },
      { path: 'metrics', element: <RunMetricsPanel /> },
      { path: 'artifacts/*', element: <RunArtifacts /> },
    ],
  },
];
