#!/usr/bin/env node
// The `switchyard` command (root package.json "bin"): the CLI is compiled with the backend.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('switchyard: the CLI is not built yet: run `npm run build -w backend` (or `npm start` once)\n');
  process.exit(3);
}
await import(main.href);
