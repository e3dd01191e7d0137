import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../admin/public.decorator.js';
import { AppError } from '../common/errors/app-error.js';
import { CONSOLE_INDEX } from './console.tokens.js';

const NOT_CONSOLE = /^\/(api|v1)(\/|$|\?)/;

/**
 * SPA fallback: any GET that no other route or static file matched gets the console's index.html,
 * so deep links such as /experiments/42 load the app. Unknown /api and /v1 paths stay 404s.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ConsoleController {
  constructor(@Inject(CONSOLE_INDEX) private readonly indexHtml: string | null) {}

  @Get('*')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  fallback(@Req() req: FastifyRequest): string {
    if (NOT_CONSOLE.test(req.url)) throw new AppError('request/not-found', `No route for GET ${req.url.split('?')[0]}`, 404);
    if (this.indexHtml === null) {
      throw new AppError('console/not-built', 'The console is not built: run `npm run build` (or `npm start`, which builds it)', 404);
    }
    return this.indexHtml;
  }
}
