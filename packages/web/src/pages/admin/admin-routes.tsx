import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { RequireAdmin } from '../../layout/require-admin.js';

const AdminPage = lazy(() => import('./admin-page.js'));

/** Administration, for administrators only: users, tokens, permissions and the audit log. */
export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: (
      <RequireAdmin>
        <AdminPage />
      </RequireAdmin>
    ),
  },
];
