import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createClient } from '../api/create-client.js';
import { createQueryClient, isUnauthenticated } from '../api/create-query-client.js';
import { SessionContext } from './session-context.js';
import type { Session, SessionState } from './session-context.js';
import { tokenStorage } from './token-storage.js';

/**
 * A session token's lifetime: 12 hours, a working day. The API takes fractional days, and a
 * token that outlives the tab is useless (sessionStorage is gone), so it should not live long.
 */
const SESSION_DAYS = 0.5;
const UNAUTHENTICATED = 'unauthenticated';

/** Asks the server who we are: with the tab's token if there is one, else without any. */
async function askWhoAmI(): Promise<SessionState> {
  const token = tokenStorage.get();
  const client = createClient(token === undefined ? {} : { token });
  try {
    return { status: 'signed-in', caller: await client.auth.whoAmI(), client };
  } catch (err) {
    if (!isUnauthenticated(err)) return { status: 'failed', error: err };
    tokenStorage.clear();
    return { status: 'signed-out' };
  }
}

/**
 * Who is using the UI. On load it asks the server without credentials (or with the tab's token):
 * a server with authentication off answers at once; otherwise the login page exchanges a username
 * and password for an expiring API token, used as `Bearer` from then on and revoked on logout.
 * Holds the query cache too, since cached answers belong to the user who got them.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  // The cache reports 401s as an event, which the effect below turns into a sign-out.
  const [{ queryClient, unauthenticated }] = useState(() => {
    const events = new EventTarget();
    return {
      unauthenticated: events,
      queryClient: createQueryClient(() => events.dispatchEvent(new Event(UNAUTHENTICATED))),
    };
  });

  const signOutLocally = useCallback(() => {
    tokenStorage.clear();
    queryClient.clear();
    setState({ status: 'signed-out' });
  }, [queryClient]);

  useEffect(() => {
    unauthenticated.addEventListener(UNAUTHENTICATED, signOutLocally);
    return () => unauthenticated.removeEventListener(UNAUTHENTICATED, signOutLocally);
  }, [unauthenticated, signOutLocally]);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    void askWhoAmI().then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const created = await createClient({ username, password }).tokens.create({
        name: `web session ${new Date().toISOString()}`,
        expiresInDays: SESSION_DAYS,
      });
      const client = createClient({ token: created.secret });
      const caller = await client.auth.whoAmI();
      tokenStorage.set(created.secret);
      queryClient.clear();
      setState({ status: 'signed-in', caller, client });
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    if (state.status === 'signed-in' && state.caller.tokenId !== undefined) {
      // Best effort: an already invalid token, or an unreachable server, must not keep the user
      // signed in here; the token expires on its own.
      await state.client.tokens.revoke(state.caller.tokenId).catch(() => undefined);
    }
    signOutLocally();
  }, [state, signOutLocally]);

  const session = useMemo<Session>(
    () => ({ state, login, logout, retry }),
    [state, login, logout, retry],
  );

  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}
