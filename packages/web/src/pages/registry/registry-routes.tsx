import { lazyPage } from '../../lazy-page.js';
import type { RouteObject } from 'react-router';

/** The model registry: models, versions, aliases and their history. */
export const registryRoutes: RouteObject[] = [
  { path: 'models', lazy: lazyPage(() => import('./models-page.js')) },
  { path: 'models/:name', lazy: lazyPage(() => import('./model-page.js')) },
  { path: 'models/:name/versions/:version', lazy: lazyPage(() => import('./version-page.js')) },
];
