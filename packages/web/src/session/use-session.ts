import { useContext } from 'react';
import type { CallerInfo, SlipwayClient } from '@slipway/sdk';
import { SessionContext } from './session-context.js';
import type { Session } from './session-context.js';

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession is used outside SessionProvider');
  return session;
}

/** The signed-in client and caller; for pages under RequireSession only. */
export function useSignedIn(): { client: SlipwayClient; caller: CallerInfo } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn is used outside RequireSession');
  return { client: state.client, caller: state.caller };
}
