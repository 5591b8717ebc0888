import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';

/**
 * The one structured logger of a server process: HTTP requests (Fastify uses it as its logger),
 * background jobs and every module log JSON lines through it, with the module or job as a field.
 */
export type Logger = PinoLogger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A logger writing JSON lines to stdout, as Fastify's own default logger does. */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level });
}

/** A logger that drops everything: tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The message of anything thrown, for log lines that must not carry a stack. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
