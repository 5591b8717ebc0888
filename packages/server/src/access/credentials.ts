import { SlipwayError } from '@slipway/core';

export type Credentials =
  { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

function unauthenticated(message: string): SlipwayError {
  return new SlipwayError({ code: 'UNAUTHENTICATED', message });
}

/**
 * The credentials of an `Authorization` header: HTTP Basic (what MLflow clients send for
 * MLFLOW_TRACKING_USERNAME/PASSWORD) or a bearer token (MLFLOW_TRACKING_TOKEN, SLIPWAY_TOKEN).
 * Undefined when there is no header; a header in another or a broken form is refused.
 */
export function parseAuthorization(header: string | undefined): Credentials | undefined {
  if (header === undefined || header === '') return undefined;
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer') {
    if (value === '') throw unauthenticated('The bearer token is empty.');
    return { kind: 'bearer', token: value };
  }
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw unauthenticated('Malformed Basic credentials: expected base64 of "username:password".');
    }
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  throw unauthenticated(
    `Unsupported authorization scheme '${scheme}': use Basic (username and password) or Bearer (an API token).`,
  );
}
