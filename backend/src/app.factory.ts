import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { createRootLogger, PinoNestLogger, registerRequestLogging } from './common/logging/logging.js';
import { createValidationPipe } from './common/validation/validation.js';
import { type AppConfig, runsHttpApi } from './config/config.types.js';
import { registerConsoleStatic } from './console/console-static.js';
import { GatewayHttp } from './gateway/gateway-http.js';
import { JOB_QUEUE, type JobQueue } from './queue/job-queue.js';
import { fastifyOptions } from './http/fastify-options.js';
import { registerJsonBodyParser } from './http/json-body-parser.js';
import { registerUploadBodies } from './http/upload-body.js';
import { VERSION } from './version.js';

/** Builds the whole application for a config; `main.ts` and the integration tests share it. */
export async function createApp(config: AppConfig, extra: Array<Type | DynamicModule> = []): Promise<NestFastifyApplication> {
  const root = createRootLogger(config);
  const gateway = new GatewayHttp();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, extra, gateway),
    new FastifyAdapter({ ...fastifyOptions, serverFactory: gateway.serverFactory }),
    {
      logger: new PinoNestLogger(root),
      // Our own JSON parser (http/json-body-parser.ts) replaces Nest's, to say where a body is broken.
      bodyParser: false,
      abortOnError: false,
    },
  );
  app.useGlobalPipes(createValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  await registerUploadBodies(fastify);
  registerRequestLogging(fastify, root);
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-switchyard-request-id', req.id);
    done();
  });

  if (runsHttpApi(config)) {
    const doc = new DocumentBuilder()
      .setTitle('Switchyard admin API')
      .setDescription('Routes, providers, datasets, graders, experiments and reports. Every /api endpoint needs the admin bearer token.')
      .setVersion(VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin token' })
      .build();
    SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
    await registerConsoleStatic(app, config);
  }
  await app.init();
  // Workers take jobs only now, with every start-up hook done (routes and the model catalogue loaded).
  app.get<JobQueue>(JOB_QUEUE).start();
  return app;
}
