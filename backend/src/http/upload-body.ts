import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** Content types whose bodies reach handlers as the raw request stream (dataset uploads of any size). */
export const STREAMED_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/csv', 'application/octet-stream', 'text/plain'];

/**
 * Uploads are read as streams, never buffered whole: raw bodies of the types above are handed over as
 * the request stream, and multipart/form-data files through @fastify/multipart (one file, up to 2 GiB).
 */
export async function registerUploadBodies(fastify: FastifyInstance): Promise<void> {
  fastify.addContentTypeParser(STREAMED_TYPES, (_req, payload, done) => done(null, payload));
  await fastify.register(multipart, { limits: { files: 1, fileSize: 2 * 1024 ** 3, fields: 10 } });
}
