import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const ModelsPage = lazy(() => import('./models-page.js'));
const ModelPage = lazy(() => import('./model-page.js'));
const VersionPage = lazy(() => import('./version-page.js'));

/** The model registry: models, versions, aliases and their history. */
export const registryRoutes: RouteObject[] = [
  { path: 'models', element: <ModelsPage /> },
  { path: 'models/:name', element: <ModelPage /> },
  { path: 'models/:name/versions/:version', element: <VersionPage /> },
];
