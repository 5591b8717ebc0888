import { lazy } from 'react';
import { Navigate, createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/app-layout.js';
import { RequireAdmin } from './layout/require-admin.js';
import { RequireSession } from './layout/require-session.js';

// One chunk per page, so the first page loads only its own code.
const LoginPage = lazy(() => import('./pages/login-page.js'));
const ExperimentsPage = lazy(() => import('./pages/experiments/experiments-page.js'));
const ExperimentPage = lazy(() => import('./pages/experiment/experiment-page.js'));
const ModelsPage = lazy(() => import('./pages/models-page.js'));
const DeploymentsPage = lazy(() => import('./pages/deployments-page.js'));
const AdminPage = lazy(() => import('./pages/admin-page.js'));
const NotFoundPage = lazy(() => import('./pages/not-found-page.js'));

/**
 * Every page's URL. Pages other engineers add go under the layout's children; admin-only pages
 * under RequireAdmin.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/experiments" replace /> },
      { path: 'experiments', element: <ExperimentsPage /> },
      { path: 'experiments/:experimentId', element: <ExperimentPage /> },
      { path: 'models', element: <ModelsPage /> },
      { path: 'deployments', element: <DeploymentsPage /> },
      {
        path: 'admin',
        element: (
          <RequireAdmin>
            <AdminPage />
          </RequireAdmin>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
