import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

// One chunk per page.
/** Datasets, their versions, and one version's files, schema and profile. */
export const datasetRoutes: RouteObject[] = [
  { path: 'datasets', lazy: lazyPage(() => import('./datasets-page.js')) },
  { path: 'datasets/:name', lazy: lazyPage(() => import('./dataset-page.js')) },
  {
    path: 'datasets/:name/versions/:version',
    lazy: lazyPage(() => import('./dataset-version-page.js')),
  },
];
