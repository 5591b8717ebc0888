import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const ModelsPage = lazy(() => import('./models-page.js'));

/** The model registry: models, versions, aliases and their history. */
export const registryRoutes: RouteObject[] = [{ path: 'models', element: <ModelsPage /> }];
