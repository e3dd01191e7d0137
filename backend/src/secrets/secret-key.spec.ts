import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeyFile } from './secret-key.js';

describe('loadOrCreateKeyFile', () => {
  it('creates a 32-byte key with mode 0600 once and reads the same key afterwards', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sy-key-')), 'nested');
    const first = loadOrCreateKeyFile(dir);
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(dir)).toEqual(first);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });
});
