import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/load-config.js';

const startedAt = performance.now();
const consoleDir = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

let config;
try {
  config = loadConfig(process.env, { consoleDir });
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`switchyard: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// Loaded after the config is validated, so a wrong setting is reported at once.
const { createApp } = await import('./app.factory.js');
const { AppError } = await import('./common/errors/app-error.js');
let app: Awaited<ReturnType<typeof createApp>>;
try {
  app = await createApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
} catch (err) {
  // A start-up check that failed with a stable code (e.g. switchyard.yaml naming a model that does not exist) is one line, not a stack.
  if (err instanceof AppError) {
    process.stderr.write(`switchyard: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
const logger = new Logger('Main');
logger.log(
  { role: config.role, database: config.database.kind, queue: config.queue.kind, startupMs: Math.round(performance.now() - startedAt) },
  `Switchyard listening on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`,
);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.log(`${signal} received: draining requests and jobs`);
  const timer = setTimeout(() => {
    logger.error(`graceful shutdown took over ${config.shutdown.timeoutMs} ms; exiting`);
    process.exit(1);
  }, config.shutdown.timeoutMs);
  timer.unref();
  app.close().then(
    () => {
      logger.log('shutdown complete');
      process.exit(0);
    },
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
