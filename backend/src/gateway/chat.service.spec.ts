import { AppError } from '../common/errors/app-error.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { RouteResolver } from '../routing/route-resolver.js';
import { RequestLogBuffer } from '../usage/request-log-buffer.js';
import { ChatService } from './chat.service.js';

describe('ChatService.completeInternal', () => {
  it('logs a call whose model is gone before any attempt (a queued shadow or dataset call), then throws its error', async () => {
    const log = new RequestLogBuffer();
    const resolver = {
      plan: () => {
        throw new AppError('gateway/model-not-found', 'The model `gone/model` does not exist', 404);
      },
    } as unknown as RouteResolver;
    const unused = {} as never;
    const sut = new ChatService(resolver, unused, log, new GatewayMetrics(), unused, unused, unused, unused, { request: () => undefined } as never);
    const body = { model: 'gone/model', messages: [{ role: 'user' as const, content: 'hi' }] };

    await expect(sut.completeInternal(body, 'experiment', { experimentId: 'e1', variant: 'b' })).rejects.toMatchObject({ status: 404 });

    const [row] = log.drain();
    expect(row).toMatchObject({
      keyId: '',
      model: 'gone/model',
      target: '',
      attempts: [],
      experimentId: 'e1',
      variant: 'b',
      status: 404,
      errorCode: 'gateway/model-not-found',
      stream: false,
    });
    expect(row.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(log.depth).toBe(0);
  });
});
