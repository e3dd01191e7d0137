import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PROVIDER_KINDS } from './provider-adapter.js';
import { ADAPTERS } from './registry.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const NOT_KINDS = new Set(['upstream', 'accounts', 'catalogue']);

describe('provider registry', () => {
  it('registers exactly one adapter per kind, under its own kind', () => {
    expect(Object.keys(ADAPTERS).sort()).toEqual([...PROVIDER_KINDS].sort());
    for (const kind of PROVIDER_KINDS) expect(ADAPTERS[kind].kind).toBe(kind);
  });

  it('has a folder for every kind and a kind for every adapter folder', () => {
    const folders = readdirSync(here).filter((f) => statSync(join(here, f)).isDirectory() && !NOT_KINDS.has(f));
    expect(folders.sort()).toEqual([...PROVIDER_KINDS].sort());
  });
});
