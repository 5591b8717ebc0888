import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorDisplay } from '../components/error-display.js';
import { Loading } from '../components/loading.js';
import { useSession } from '../session/use-session.js';

/** Pages behind it need a session: without one, the login page, which comes back here after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state, retry } = useSession();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return (
        <main className="center">
          <Loading label="Connecting to Slipway" />
        </main>
      );
    case 'failed':
      return (
        <main className="center">
          <h1>Slipway</h1>
          <ErrorDisplay error={state.error} title="Cannot reach the server" onRetry={retry} />
        </main>
      );
    case 'signed-out': {
      const next = `${location.pathname}${location.search}`;
      return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
    }
    case 'signed-in':
      return children;
  }
}
