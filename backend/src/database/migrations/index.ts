import { Init1764000000000 } from './1764000000000-init.js';

/** Applied in order at start; each migration is plain SQL valid on PostgreSQL 15+ and PGlite. */
export const MIGRATIONS = [Init1764000000000];
