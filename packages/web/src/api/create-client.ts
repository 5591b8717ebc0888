import { SlipwayClient } from '@slipway/sdk';

/**
 * `fetch` without ambient credentials: the browser never attaches (or prompts for) HTTP Basic
 * credentials it may have cached for this origin, and never shows its own login dialog on a 401.
 * The only credential sent is the Authorization header the SDK sets from the session's token.
 */
const fetchWithoutAmbientCredentials: typeof fetch = (input, init) =>
  fetch(input, { ...init, credentials: 'omit' });

/** A client for this page's own server; with a token, or without any credential. */
export function createClient(credentials: {
  token?: string;
  username?: string;
  password?: string;
}) {
  return new SlipwayClient({
    baseUrl: window.location.origin,
    fetch: fetchWithoutAmbientCredentials,
    ...credentials,
  });
}
