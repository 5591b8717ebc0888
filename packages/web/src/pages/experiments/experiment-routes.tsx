import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

/** The experiments list and each experiment's page with its runs. */
export const experimentRoutes: RouteObject[] = [
  { path: 'experiments', lazy: lazyPage(() => import('./experiments-page.js')) },
  {
    path: 'experiments/:experimentId',
    lazy: lazyPage(() => import('../experiment/experiment-page.js')),
  },
];
