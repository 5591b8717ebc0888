import { Suspense, useRef } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { Loading } from '../components/loading.js';
import { useSession, useSignedIn } from '../session/use-session.js';
import { useFocusHeadingOnNavigate } from './use-focus-heading-on-navigate.js';

/**
 * The frame of every page: a skip link, the navigation, who is signed in, and the page, whose
 * heading takes focus after a link to another page is followed.
 */
export function AppLayout() {
  const { caller } = useSignedIn();
  const { logout } = useSession();
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigate(main);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <Link className="brand" to="/experiments">
          Slipway
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/experiments">Experiments</NavLink>
            </li>
            <li>
              <NavLink to="/models">Models</NavLink>
            </li>
            <li>
              <NavLink to="/deployments">Deployments</NavLink>
            </li>
            <li>
              <NavLink to="/pipelines">Pipelines</NavLink>
            </li>
            <li>
              <NavLink to="/datasets">Datasets</NavLink>
            </li>
            {caller.isAdmin && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="user">
          {caller.authEnabled ? (
            <>
              <span>
                Signed in as <strong data-testid="username">{caller.username}</strong>
              </span>
              {caller.isAdmin && <span className="badge">admin</span>}
              {/* Administration section: every user's own API tokens (pages/admin/tokens). */}
              <NavLink to="/settings/tokens">API tokens</NavLink>
              <button type="button" onClick={() => void logout()}>
                Sign out
              </button>
            </>
          ) : (
            <span title="The server runs with --auth off: everyone acts as the anonymous administrator.">
              Authentication off
            </span>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
