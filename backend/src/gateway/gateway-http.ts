import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { normalizeError } from '../common/errors/error-body.js';
import { fastifyOptions } from '../http/fastify-options.js';
import { registerJsonBodyParser } from '../http/json-body-parser.js';
import { toOpenAIError } from './openai-error.js';

/** Injection token of the gateway's own Fastify instance. */
export const GATEWAY_HTTP = Symbol('GATEWAY_HTTP');

const GATEWAY_PATH = /^\/v1(\/|\?|$)/;

/**
 * The gateway's hot path runs on a lean Fastify instance of its own, sharing the process's one HTTP
 * server: `/v1` requests go straight to it, everything else to Nest's. The admin API's global hooks
 * (Nest middleware, CORS/security/version checks) never run for a gateway call.
 */
export function createGatewayHttp(): { gateway: FastifyInstance; serverFactory: (nest: RequestListener) => Server } {
  let gatewayHandler: RequestListener | undefined;
  const gateway = Fastify({
    ...fastifyOptions,
    serverFactory: (handler) => {
      gatewayHandler = handler as RequestListener;
      return createServer();
    },
  });
  registerJsonBodyParser(gateway);
  gateway.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-switchyard-request-id', req.id);
    done();
  });
  gateway.setNotFoundHandler((req, reply) => {
    void reply.status(404).send(toOpenAIError({ status: 404, code: 'request/not-found', message: `Cannot ${req.method} ${req.url.split('?')[0]}` }));
  });
  gateway.setErrorHandler((err, _req, reply) => {
    const e = normalizeError(err);
    if (e.headers) void reply.headers(e.headers);
    void reply.status(e.status).send(toOpenAIError(e));
  });
  const serverFactory = (nest: RequestListener): Server =>
    createServer((req: IncomingMessage, res: ServerResponse) => {
      if (gatewayHandler && GATEWAY_PATH.test(req.url ?? '')) gatewayHandler(req, res);
      else nest(req, res);
    });
  return { gateway, serverFactory };
}
