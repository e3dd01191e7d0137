import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../providers/chat-types.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { validateChatRequest } from './chat-request.validation.js';
import { ChatService } from './chat.service.js';
import { GatewayAuthGuard, type GatewayRequest } from './gateway-auth.guard.js';

/**
 * The OpenAI-compatible surface. Bodies are validated here by hand (not by the DTO pipe) so errors name
 * OpenAI's parameters and the hot path stays free of class instantiation.
 */
@ApiExcludeController()
@UseGuards(GatewayAuthGuard)
@Controller('v1')
export class GatewayController {
  constructor(
    private readonly chat: ChatService,
    private readonly runtime: ProviderRuntime,
  ) {}

  @Post('chat/completions')
  async completions(@Req() req: GatewayRequest, @Res() reply: FastifyReply): Promise<void> {
    const v = validateChatRequest(req.body);
    if (!v.ok) throw new AppError('request/invalid-body', 'Invalid request', 400, v.details);
    const resolved = this.chat.resolve(v.value.model);
    if (v.value.stream) await this.chat.stream(v.value, resolved, reply, req.principal!);
    else await this.chat.complete(v.value, resolved, reply, req.principal!);
  }

  @Get('models')
  models(): { object: 'list'; data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> } {
    return { object: 'list', data: this.runtime.catalogue().map((m) => ({ id: `${m.provider}/${m.model}`, object: 'model', created: 0, owned_by: m.provider })) };
  }

  @Post('embeddings')
  @HttpCode(200)
  embeddings(@Body() body: EmbeddingRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<EmbeddingResponse> {
    const details = [];
    if (typeof body?.model !== 'string' || !body.model) details.push({ path: 'model', message: 'is required' });
    const input = body?.input;
    if (!(typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')))) {
      details.push({ path: 'input', message: 'must be a string or a non-empty array of strings' });
    }
    if (details.length) throw new AppError('request/invalid-body', 'Invalid request', 400, details);
    return this.chat.embed(body, reply);
  }
}
