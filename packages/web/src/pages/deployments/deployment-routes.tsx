import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// One chunk per page; uPlot comes only with the deployment page's.
const DeploymentsPage = lazy(() => import('./deployments-page.js'));
const DeploymentPage = lazy(() => import('./deployment-page.js'));
const PredictionsPage = lazy(() => import('./predictions-page.js'));

/** Deployments, their live traffic and prediction logs. */
export const deploymentRoutes: RouteObject[] = [
  { path: 'deployments', element: <DeploymentsPage /> },
  { path: 'deployments/:name', element: <DeploymentPage /> },
  { path: 'deployments/:name/predictions', element: <PredictionsPage /> },
];
