import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';

/**
 * The process's one embedded PostgreSQL (PGlite). Parsers match node-postgres so both storage modes
 * hand the same JavaScript values to the code above them (int8 and numeric as strings).
 */
export async function openEmbeddedDatabase(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return PGlite.create({
    dataDir,
    parsers: { [types.INT8]: (v: string) => v },
  });
}
