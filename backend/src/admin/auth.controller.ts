import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { AppError } from '../common/errors/app-error.js';
import { AdminTokenService } from './admin-token.service.js';
import { SessionRequestDto, SessionResponseDto } from './auth.dto.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly tokens: AdminTokenService) {}

  @Public()
  @Post('session')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check an admin token (the console signs in with it)' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  session(@Body() body: SessionRequestDto): SessionResponseDto {
    if (!this.tokens.verify(body.token)) throw new AppError('auth/invalid-admin-token', 'The admin token is not valid', 401);
    return { ok: true };
  }
}
