import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { RequireAdmin } from '../../layout/require-admin.js';

const AdminLayout = lazy(() => import('./admin-layout.js'));
const AdminPage = lazy(() => import('./admin-page.js'));
const UsersPage = lazy(() => import('./users/users-page.js'));
const AdminTokensPage = lazy(() => import('./tokens/admin-tokens-page.js'));
const PermissionsPage = lazy(() => import('./permissions/permissions-page.js'));
const AuditPage = lazy(() => import('./audit/audit-page.js'));
const OwnTokensPage = lazy(() => import('./tokens/own-tokens-page.js'));

/**
 * Administration, for administrators only (RequireAdmin answers anyone else with "not allowed",
 * and the API refuses their calls anyway): users, tokens, permissions and the audit log. Every
 * signed-in user manages their own API tokens at /settings/tokens, outside it.
 */
export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: (
      <RequireAdmin>
        <AdminLayout />
      </RequireAdmin>
    ),
    children: [
      { index: true, element: <AdminPage /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'tokens', element: <AdminTokensPage /> },
      { path: 'permissions', element: <PermissionsPage /> },
      { path: 'audit', element: <AuditPage /> },
    ],
  },
  { path: 'settings/tokens', element: <OwnTokensPage /> },
];
