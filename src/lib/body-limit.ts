import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './errors';

/**
 * hono's bodyLimit, except that a request declaring its length is judged by that header alone, and
 * GET/HEAD are let through. hono's version reads `req.body` first, which on @hono/node-server turns the
 * light request into a full WHATWG Request on every call, GETs included: a measurable share of a
 * check-in write (bench/checkin.ts). A body without a declared length is still counted as it streams.
 */
export function limitBody(maxSize: number, message: string): MiddlewareHandler {
  const fail = () => {
    throw new AppError('payload_too_large', message);
  };
  const streamed = bodyLimit({ maxSize, onError: fail });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length === null || headers.has('transfer-encoding')) return streamed(c, next);
    return Number.parseInt(length, 10) > maxSize ? fail() : next();
  };
}
