import { createContext } from 'react';
import type { CallerInfo, SlipwayClient } from '@slipway/sdk';

export type SessionState =
  /** Asking the server who we are. */
  | { status: 'loading' }
  /** The server could not be asked (unreachable, or it failed). */
  | { status: 'failed'; error: unknown }
  /** Authentication is on and there is no valid token: the login page. */
  | { status: 'signed-out' }
  /** Signed in, or the server has authentication off (`caller.authEnabled` false). */
  | { status: 'signed-in'; caller: CallerInfo; client: SlipwayClient };

export interface Session {
  state: SessionState;
  /** Exchanges a username and password for a short-lived API token; throws SlipwayError. */
  login(username: string, password: string): Promise<void>;
  /** Revokes the session's token and forgets it. */
  logout(): Promise<void>;
  /** Asks the server again (after `failed`). */
  retry(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);
