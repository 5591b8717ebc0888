import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// Its own chunk, with uPlot: the first page never loads the charts.
const ComparePage = lazy(() => import('./compare-page.js'));

/** Comparing selected runs: `/compare?runs=<id>,<id>,...`. */
export const compareRoutes: RouteObject[] = [{ path: 'compare', element: <ComparePage /> }];
