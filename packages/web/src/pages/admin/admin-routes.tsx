import { lazyPage } from '../../lazy-page.js';
import { Outlet } from 'react-router';
import type { RouteObject } from 'react-router';
import { RequireAdmin } from '../../layout/require-admin.js';

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
        <Outlet />
      </RequireAdmin>
    ),
    children: [
      {
        lazy: lazyPage(() => import('./admin-layout.js')),
        children: [
          { index: true, lazy: lazyPage(() => import('./admin-page.js')) },
          { path: 'users', lazy: lazyPage(() => import('./users/users-page.js')) },
          { path: 'tokens', lazy: lazyPage(() => import('./tokens/admin-tokens-page.js')) },
          {
            path: 'permissions',
            lazy: lazyPage(() => import('./permissions/permissions-page.js')),
          },
          { path: 'audit', lazy: lazyPage(() => import('./audit/audit-page.js')) },
        ],
      },
    ],
  },
  { path: 'settings/tokens', lazy: lazyPage(() => import('./tokens/own-tokens-page.js')) },
];
