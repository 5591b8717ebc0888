import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router';
import { ErrorDisplay } from '../components/error-display.js';
import { Loading } from '../components/loading.js';
import { usePageTitle } from '../components/use-page-title.js';
import { useSession } from '../session/use-session.js';

/** Where to go after signing in: a path on this site only (never `//elsewhere`). */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/experiments';
}

/** `/login?next=<path>`: a username and password, exchanged for a session token. */
export default function LoginPage() {
  usePageTitle('Sign in');
  const { state, login } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({ mutationFn: () => login(username, password) });

  if (state.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <main className="center login">
      <h1>Sign in to Slipway</h1>
      {state.status === 'loading' ? (
        <Loading label="Connecting to Slipway" />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            signIn.mutate();
          }}
        >
          <div className="field">
            <label htmlFor="login-username">Username</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {signIn.isError && <ErrorDisplay error={signIn.error} title="Could not sign in" />}
          <button type="submit" className="primary" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </main>
  );
}
