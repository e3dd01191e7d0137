import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import { setActor } from './actor.decorator.js';
import { bearerToken } from './admin-token.js';
import { AdminTokenService } from './admin-token.service.js';
import { IS_PUBLIC } from './public.decorator.js';
import { KeysService } from '../gateway/keys/keys.service.js';

/**
 * Every `/api` handler, and `/metrics`, requires the admin bearer token unless marked {@link Public}.
 * `/v1` handlers authenticate gateway keys with their own guard.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AdminTokenService,
    private readonly modules: ModuleRef,
  ) {}

  private keys?: { authenticate(secret: string): { name: string; scopes: readonly string[] } | undefined } | null;

  /** An API key with the `admin` scope also opens /api (looked up lazily: the keys live in the gateway module). */
  private adminKey(token: string): string | undefined {
    if (this.keys === undefined) {
      try {
        this.keys = this.modules.get(KeysService, { strict: false });
      } catch {
        this.keys = null;
      }
    }
    const who = this.keys?.authenticate(token);
    return who?.scopes.includes('admin') ? `key:${who.name}` : undefined;
  }

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (!req.url.startsWith('/api') && !req.url.startsWith('/metrics')) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      throw new AppError('auth/missing-admin-token', 'This endpoint requires the admin token: send `Authorization: Bearer <token>`', 401);
    }
    if (this.tokens.verify(token)) setActor(req, 'admin');
    else {
      const actor = this.adminKey(token);
      if (!actor) throw new AppError('auth/invalid-admin-token', 'The admin token is not valid (nor is it an API key with the admin scope)', 401);
      setActor(req, actor);
    }
    return true;
  }
}
