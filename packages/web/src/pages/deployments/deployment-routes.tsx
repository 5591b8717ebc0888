import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const DeploymentsPage = lazy(() => import('./deployments-page.js'));

/** Deployments, their live traffic and prediction logs. */
export const deploymentRoutes: RouteObject[] = [
  { path: 'deployments', element: <DeploymentsPage /> },
];
