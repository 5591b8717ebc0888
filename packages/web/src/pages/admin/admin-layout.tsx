import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Loading } from '../../components/loading.js';
import '../../styles/admin.css';

/** The sections of /admin, as real links so each page has its own shareable URL. */
const SECTIONS = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/users', label: 'Users', end: false },
  { to: '/admin/tokens', label: 'Tokens', end: false },
  { to: '/admin/permissions', label: 'Permissions', end: false },
  { to: '/admin/audit', label: 'Audit log', end: false },
] as const;

/** Every /admin page: the sections' navigation above the page. */
export default function AdminLayout() {
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label="Administration">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
