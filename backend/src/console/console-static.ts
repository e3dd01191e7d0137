import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/config.types.js';

/** Serves the built console's files (hashed assets cached for a year); index.html comes from ConsoleController. */
export async function registerConsoleStatic(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (!existsSync(config.console.distDir)) return;
  await app.register(fastifyStatic, {
    root: config.console.distDir,
    prefix: '/',
    wildcard: false,
    index: false,
    decorateReply: false,
    setHeaders: (res, path) => {
      if (path.includes('/assets/')) void res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
}
