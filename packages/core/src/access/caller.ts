/**
 * Who makes a request, as authentication established it: what authorization checks and what
 * audit records. A header can never choose it.
 */
export interface Caller {
  /** The user's name; `anonymous` when the server runs without authentication. */
  username: string;
  /** The user's id; absent for anonymous and system callers. */
  userId?: number | undefined;
  /** Admins are allowed everything. */
  isAdmin: boolean;
  /**
   * How the caller proved who it is: a password (HTTP Basic), an API token, `none` when
   * authentication is off, `system` for the server's own background work.
   */
  via: 'password' | 'token' | 'none' | 'system';
  /** The id of the API token used, when `via` is `token`. */
  tokenId?: string | undefined;
}

/** Every request of a server running without authentication (the laptop default). */
export const ANONYMOUS_CALLER: Caller = Object.freeze({
  username: 'anonymous',
  isAdmin: true,
  via: 'none',
});

/** The server itself, e.g. `system:canary-analysis` for automatic canary steps. */
export function systemCaller(task: string): Caller {
  return { username: `system:${task}`, isAdmin: true, via: 'system' };
}
