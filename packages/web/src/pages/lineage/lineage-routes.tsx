import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

/** The lineage graph around any node (reached from the run, dataset and model pages). */
export const lineageRoutes: RouteObject[] = [
  { path: 'lineage', lazy: lazyPage(() => import('./lineage-page.js')) },
];
