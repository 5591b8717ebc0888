import type { FastifyReply } from 'fastify';

/**
 * Only the page's own origin may supply scripts, styles, images, fonts and API calls; no inline
 * script or style (React and uPlot set styles through the CSSOM, which CSP does not restrict);
 * no framing (clickjacking), no plugins, and forms and <base> cannot point elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every web UI response carries. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'same-origin');
}
