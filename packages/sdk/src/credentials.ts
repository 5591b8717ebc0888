import { SlipwayError } from '@slipway/core';

/** How a client proves who it is: an API token, or a username and password. */
export interface CredentialOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Sent with `password` as HTTP Basic auth. */
  username?: string | undefined;
  password?: string | undefined;
}

function invalid(message: string): SlipwayError {
  return new SlipwayError({ code: 'INVALID_ARGUMENT', message });
}

/**
 * The `Authorization` header for the given credentials, or undefined for none. Mistakes are
 * refused here, before any request, because the server would otherwise only answer a vague
 * UNAUTHENTICATED. Messages name the options, never their values: they end up in logs.
 */
export function authorizationHeader(options: CredentialOptions): string | undefined {
  const { username, password } = options;
  // An empty token is what an unset environment variable often becomes: treat it as none.
  const token = options.token === '' ? undefined : options.token;
  if (token !== undefined && (username !== undefined || password !== undefined)) {
    throw invalid(
      'Give either a token or a username and password, not both: the server takes one credential per request.',
    );
  }
  if (token !== undefined) return `Bearer ${token}`;
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) {
    throw invalid(
      `A ${username === undefined ? 'password' : 'username'} was given without a ${username === undefined ? 'username' : 'password'}: HTTP Basic auth needs both.`,
    );
  }
  if (username === '' || username.includes(':')) {
    throw invalid(
      'The username must be non-empty and cannot contain ":" (HTTP Basic auth separates it from the password with one).',
    );
  }
  return `Basic ${base64Utf8(`${username}:${password}`)}`;
}

/**
 * Refuses a base URL with `user:password@` in it: fetch rejects such URLs anyway, and the base URL
 * appears in error messages, which must not carry a password.
 */
export function checkBaseUrl(baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Not parsable: fetch reports it on the first call, with the URL, which has no userinfo part.
    return;
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(
      'The base URL must not contain credentials (user:password@host): pass them as the username and password (or token) options instead.',
    );
  }
}

/** Base64 of UTF-8, with globals that Node 20+ and browsers both have (no Buffer). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
