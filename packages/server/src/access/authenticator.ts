import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ANONYMOUS_CALLER, SlipwayError } from '@slipway/core';
import type { AuditStore, Caller, StoredUser, UserStore } from '@slipway/core';
import { auditRecord } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { parseAuthorization } from './credentials.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { TtlCache } from './ttl-cache.js';

export interface AuthenticatorOptions {
  users: UserStore;
  /** Where refused logins are recorded. */
  audit: AuditStore;
  clock: ServiceClock;
  /** Off: every request is the anonymous admin (the laptop default, as MLflow without auth). */
  enabled: boolean;
  /**
   * How long a verified credential is trusted before the store is asked again (default 2 s).
   * Changes made on this server apply at once; ones made on another server within this time.
   */
  cacheTtlMs?: number | undefined;
}

/** SHA-256 of an API token's secret, as stored: tokens are 256 random bits, so no salt is needed. */
export function tokenHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const MAX_LOGGED_NAME = 256;

/**
 * Turns an Authorization header into a Caller: a user by password (HTTP Basic) or by API token
 * (Bearer). Refused attempts are audited. A verified credential is cached for a moment under an
 * HMAC of the header with a per-process key (the plain secret is never a cache key), and a
 * password once verified against a stored hash is not re-hashed while that hash is unchanged,
 * so clients that send Basic credentials on every request do not pay scrypt on each.
 */
export class Authenticator {
  readonly enabled: boolean;
  private readonly callers: TtlCache<Caller>;
  /** HMAC of (username, password) -> the stored hash it was verified against. */
  private readonly verified: TtlCache<string>;
  private readonly key = randomBytes(32);
  /** Bumped by invalidate(): a check begun before it must not cache what it found. */
  private generation = 0;
  /** A hash no password matches, checked for unknown users so they cost what a wrong password does. */
  private decoy: Promise<string> | undefined;

  constructor(private readonly options: AuthenticatorOptions) {
    this.enabled = options.enabled;
    const now = () => options.clock.now();
    this.callers = new TtlCache(options.cacheTtlMs ?? 2_000, 10_000, now);
    this.verified = new TtlCache(3_600_000, 10_000, now);
  }

  /**
   * The caller a request's Authorization header names. UNAUTHENTICATED when authentication is on
   * and the header is missing, malformed or wrong. `source` (the client address) goes into the
   * audit record of a refusal.
   */
  async authenticate(header: string | undefined, source?: string): Promise<Caller> {
    if (!this.enabled) return ANONYMOUS_CALLER;
    const credentials = parseAuthorization(header);
    if (credentials === undefined) {
      throw new SlipwayError({
        code: 'UNAUTHENTICATED',
        message:
          'This server requires credentials: send HTTP Basic auth (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD for MLflow clients) or an API token as "Authorization: Bearer <token>" (MLFLOW_TRACKING_TOKEN, SLIPWAY_TOKEN).',
      });
    }
    const cacheKey = this.hmac(header ?? '');
    const cached = this.callers.get(cacheKey);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const caller =
      credentials.kind === 'basic'
        ? await this.byPassword(credentials.username, credentials.password, cacheKey, source)
        : await this.byToken(credentials.token, source);
    if (generation === this.generation) this.callers.set(cacheKey, caller);
    return caller;
  }

  /** Forgets every cached credential: a user, password, admin flag or token changed. */
  invalidate(): void {
    this.generation += 1;
    this.callers.clear();
    this.verified.clear();
  }

  private async byPassword(
    username: string,
    password: string,
    cacheKey: string,
    source: string | undefined,
  ): Promise<Caller> {
    const generation = this.generation;
    const user = await this.options.users.getUser(username);
    if (user === undefined) {
      this.decoy ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.decoy);
      return this.refuse(username, 'unknown user', 'password', source);
    }
    if (this.verified.get(cacheKey) !== user.passwordHash) {
      if (!(await verifyPassword(password, user.passwordHash))) {
        return this.refuse(username, 'wrong password', 'password', source);
      }
      if (generation === this.generation) this.verified.set(cacheKey, user.passwordHash);
    }
    return callerOf(user, 'password');
  }

  private async byToken(secret: string, source: string | undefined): Promise<Caller> {
    const found = await this.options.users.findTokenByHash(tokenHash(secret));
    if (found === undefined) return this.refuse('', 'unknown token', 'token', source);
    const { token, user } = found;
    if (token.revokedAt !== undefined) {
      return this.refuse(user.username, `token ${token.id} is revoked`, 'token', source);
    }
    if (token.expiresAt !== undefined && token.expiresAt <= this.options.clock.now()) {
      return this.refuse(user.username, `token ${token.id} has expired`, 'token', source);
    }
    return { ...callerOf(user, 'token'), tokenId: token.id };
  }

  private async refuse(
    username: string,
    reason: string,
    scheme: 'password' | 'token',
    source: string | undefined,
  ): Promise<never> {
    const attempted = username.slice(0, MAX_LOGGED_NAME);
    await this.options.audit.append([
      auditRecord(
        ANONYMOUS_CALLER,
        this.options.clock.now(),
        'login.failed',
        'session',
        attempted,
        {
          after: { username: attempted, scheme, reason, ...(source ? { source } : {}) },
        },
      ),
    ]);
    // The same answer for an unknown user and a wrong password: no probing for usernames.
    throw new SlipwayError({
      code: 'UNAUTHENTICATED',
      message:
        scheme === 'password'
          ? 'Invalid username or password.'
          : 'Invalid API token: it is unknown, revoked or expired.',
    });
  }

  private hmac(text: string): string {
    return createHmac('sha256', this.key).update(text, 'utf8').digest('base64url');
  }
}

function callerOf(user: StoredUser, via: 'password' | 'token'): Caller {
  return { username: user.username, userId: user.id, isAdmin: user.isAdmin, via };
}
