import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

// Its own chunk, with uPlot: the first page never loads the charts.
/** Comparing selected runs: `/compare?runs=<id>,<id>,...`. */
export const compareRoutes: RouteObject[] = [
  { path: 'compare', lazy: lazyPage(() => import('./compare-page.js')) },
];
