import type { ServerConfig } from './config.js';

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/gu, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    bare === '::ffff:127.0.0.1' ||
    /^127(?:\.\d{1,3}){3}$/u.test(bare)
  );
}

/**
 * Whether the server requires credentials: as `--auth` says, and otherwise on whenever it
 * listens on anything but loopback, so the laptop quick start stays one command while a server
 * reachable from the network never serves everyone by accident.
 */
export function resolveAuth(config: Pick<ServerConfig, 'auth' | 'host'>): boolean {
  if (config.auth !== undefined) return config.auth === 'on';
  return !isLoopbackHost(config.host);
}
