import { lazyPage } from './lazy-page.js';
import { Navigate, createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/app-layout.js';
import { RequireSession } from './layout/require-session.js';
import { adminRoutes } from './pages/admin/admin-routes.js';
import { compareRoutes } from './pages/compare/compare-routes.js';
import { datasetRoutes } from './pages/datasets/dataset-routes.js';
import { deploymentRoutes } from './pages/deployments/deployment-routes.js';
import { experimentRoutes } from './pages/experiments/experiment-routes.js';
import { lineageRoutes } from './pages/lineage/lineage-routes.js';
import { pipelineRoutes } from './pages/pipelines/pipeline-routes.js';
import { registryRoutes } from './pages/registry/registry-routes.js';
import { runRoutes } from './pages/run/run-routes.js';

// One chunk per page, so the first page loads only its own code.
/**
 * Every page's URL. Each section lists its own routes in its folder's `*-routes.tsx` (paths
 * relative to the layout); admin-only pages sit under RequireAdmin there.
 */
export const router = createBrowserRouter([
  { path: '/login', lazy: lazyPage(() => import('./pages/login-page.js')) },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/experiments" replace /> },
      ...experimentRoutes,
      ...runRoutes,
      ...compareRoutes,
      ...registryRoutes,
      ...deploymentRoutes,
      ...pipelineRoutes,
      ...datasetRoutes,
      ...lineageRoutes,
      ...adminRoutes,
      { path: '*', lazy: lazyPage(() => import('./pages/not-found-page.js')) },
    ],
  },
]);
