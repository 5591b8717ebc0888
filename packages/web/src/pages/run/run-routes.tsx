import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

// The charts section's own panel (uPlot and all): loaded only when the tab is opened.
/** A run's page: its overview, metric charts and artifacts, each at its own URL. */
export const runRoutes: RouteObject[] = [
  {
    path: 'runs/:runId',
    lazy: lazyPage(() => import('./run-page.js')),
    children: [
      { index: true, lazy: lazyPage(() => import('./overview/run-overview.js')) },
      { path: 'metrics', lazy: lazyPage(() => import('../../charts/run-metrics-panel.js')) },
      { path: 'artifacts/*', lazy: lazyPage(() => import('./artifacts/run-artifacts.js')) },
    ],
  },
];
