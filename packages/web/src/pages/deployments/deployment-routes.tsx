import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

// One chunk per page; uPlot comes only with the deployment page's.
/** Deployments, their live traffic and prediction logs. */
export const deploymentRoutes: RouteObject[] = [
  { path: 'deployments', lazy: lazyPage(() => import('./deployments-page.js')) },
  { path: 'deployments/:name', lazy: lazyPage(() => import('./deployment-page.js')) },
  { path: 'deployments/:name/predictions', lazy: lazyPage(() => import('./predictions-page.js')) },
  {
    path: 'deployments/:name/monitors',
    lazy: lazyPage(() => import('../monitors/monitors-page.js')),
  },
  {
    path: 'deployments/:name/monitors/:monitor',
    lazy: lazyPage(() => import('../monitors/monitor-page.js')),
  },
  {
    path: 'deployments/:name/monitors/:monitor/edit',
    lazy: lazyPage(() => import('../monitors/edit-monitor-page.js')),
  },
  {
    path: 'deployments/:name/new-monitor',
    lazy: lazyPage(() => import('../monitors/new-monitor-page.js')),
  },
];
