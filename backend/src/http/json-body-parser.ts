import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { AppError } from '../common/errors/app-error.js';

/** Turns a JSON.parse position into `line L, column C` so a client can find the mistake. */
export function describeJsonError(text: string, err: Error): string {
  const pos = /position (\d+)/.exec(err.message);
  const reason = err.message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+.*$/, '');
  if (!pos) return reason;
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${reason} at line ${line}, column ${column}`;
}

/**
 * Replaces Fastify's JSON parser with one whose errors say where the body is broken. Prototype
 * poisoning keys (`__proto__`, `constructor.prototype`) are rejected as Fastify's own parser does.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(new AppError('request/empty-body', 'The request body is empty but content-type is application/json', 400), undefined);
      return;
    }
    try {
      done(null, sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      done(new AppError('request/malformed-json', `The request body is not valid JSON: ${describeJsonError(text, err as Error)}`, 400), undefined);
    }
  });
}
