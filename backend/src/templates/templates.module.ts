import { Module } from '@nestjs/common';
import { TemplatesController } from './templates.controller.js';

/** The prompt-template checks the console's editors call while you type. */
@Module({ controllers: [TemplatesController] })
export class TemplatesModule {}
