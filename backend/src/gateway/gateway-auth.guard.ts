import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../admin/admin-token.js';
import { AppError } from '../common/errors/app-error.js';
import { type GatewayPrincipal, KeysService } from './keys/keys.service.js';

export type GatewayRequest = FastifyRequest & { principal?: GatewayPrincipal };

/** `/v1` authentication with a gateway API key (`Authorization: Bearer sy-…` or `api-key`), as OpenAI clients send it. */
@Injectable()
export class GatewayAuthGuard implements CanActivate {
  constructor(private readonly keys: KeysService) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<GatewayRequest>();
    const secret = bearerToken(req.headers.authorization) ?? (typeof req.headers['api-key'] === 'string' ? req.headers['api-key'] : undefined);
    if (!secret) throw new AppError('gateway/missing-api-key', "You didn't provide an API key. Send it as `Authorization: Bearer <key>`.", 401);
    const principal = this.keys.authenticate(secret);
    if (!principal) throw new AppError('gateway/invalid-api-key', 'Incorrect API key provided, or the key was revoked.', 401);
    req.principal = principal;
    return true;
  }
}
