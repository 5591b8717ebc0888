import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseInput } from '@slipway/core';
import type {
  Caller,
  RouteBody,
  RouteParams,
  RouteQuery,
  RouteResponseInput,
  RouteSpec,
} from '@slipway/core';
import { callerOf } from '../request-caller.js';
import { limitedBody } from './limited-body.js';

/** What a handler receives: every part of the request already validated against the contract. */
export interface RouteInput<R extends RouteSpec> {
  params: RouteParams<R>;
  query: RouteQuery<R>;
  body: R extends { body: 'binary' } ? Readable : RouteBody<R>;
  /** Who sent it, as authentication established it. */
  caller: Caller;
  request: FastifyRequest;
}

/**
 * What a handler returns: the JSON DTO, a stream for binary downloads and event streams, nothing
 * for 204.
 */
export type RouteResult<R extends RouteSpec> = R extends { response: 'binary' }
  ? Readable
  : R extends { eventStream: true }
    ? Readable
    : R extends { response: unknown }
      ? RouteResponseInput<R>
      : void;

export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>) => Promise<RouteResult<R>>;

export interface BindOptions {
  /** The prefix of the plugin `app` lives in; stripped from the contract path. */
  base: string;
  /** Largest accepted binary upload. */
  binaryLimitBytes: number;
}

/**
 * Registers one contract route. Binary-body routes must be bound in a context whose content-type
 * parsers leave the body unread (see `binaryContext`), so it can be streamed to the store.
 */
export function bindRoute<R extends RouteSpec>(
  app: FastifyInstance,
  options: BindOptions,
  route: R,
  handler: RouteHandler<R>,
): void {
  if (!route.path.startsWith(options.base)) {
    throw new Error(`Route ${route.operationId} is not under ${options.base}.`);
  }
  const wildcard = /\{(\w+)\*\}$/u.exec(route.path)?.[1];
  const url = route.path
    .slice(options.base.length)
    .replace(/\{\w+\*\}$/u, '*')
    .replace(/\{(\w+)\}/gu, ':$1');
  app.route({
    method: route.method,
    url,
    handler: async (request, reply) => {
      const rawParams = { ...(request.params as Record<string, string>) };
      if (wildcard) {
        rawParams[wildcard] = rawParams['*'] ?? '';
        delete rawParams['*'];
      }
      const input = {
        params: route.params ? parseInput(route.params, rawParams, 'path') : undefined,
        query: route.query ? parseInput(route.query, request.query, 'query') : undefined,
        body:
          route.body === 'binary'
            ? limitedBody(request, options.binaryLimitBytes)
            : route.body
              ? parseInput(route.body, request.body, 'body')
              : undefined,
        caller: callerOf(request),
        request,
      } as RouteInput<R>;
      const result = await handler(input);
      reply.code(route.status);
      if (route.status === 204) return reply.send();
      if (route.response === 'binary') return reply.type('application/octet-stream').send(result);
      if (route.eventStream === true) {
        // no-transform and X-Accel-Buffering keep proxies (nginx) from holding events back.
        return reply
          .type('text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no')
          .send(result);
      }
      return reply.send(result);
    },
  });
}

/**
 * A child context for raw uploads: no body parser reads the request, whatever its Content-Type
 * (a `.json` artifact must be stored byte for byte, not parsed).
 */
export async function binaryContext(
  app: FastifyInstance,
  register: (child: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    register(child);
  });
}
