import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../cli-error.js';
import { CONNECTION_OPTIONS, connect, print } from './connection.js';

interface ApplyResult {
  dryRun: boolean;
  changes: Array<{ kind: string; name: string; action: string; version?: number }>;
}

const describe = (r: ApplyResult) => {
  const changed = r.changes.filter((c) => c.action !== 'unchanged');
  if (!changed.length) return r.dryRun ? 'no changes' : 'applied: nothing changed';
  const lines = changed.map((c) => `  ${c.action === 'created' ? '+' : '~'} ${c.kind} ${c.name} ${c.action}${c.version ? ` (version ${c.version})` : ''}`);
  return `${r.dryRun ? 'would change' : 'applied'}:\n${lines.join('\n')}`;
};

/** `switchyard config apply FILE [--dry-run]`, `export [--out FILE]`, `diff FILE` (a dry run). */
export async function configCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...CONNECTION_OPTIONS, 'dry-run': { type: 'boolean' }, out: { type: 'string' } },
  });
  if (sub === 'apply' || sub === 'diff') {
    const [file] = positionals;
    if (!file) throw new CliError(`config ${sub} needs a switchyard.yaml`, EXIT.usage);
    const yaml = await readFile(resolve(file), 'utf8').catch(() => {
      throw new CliError(`cannot read ${resolve(file)}`, EXIT.usage);
    });
    const r = await connect(values).json<ApplyResult>('POST', '/api/config/apply', { yaml, dryRun: sub === 'diff' || Boolean(values['dry-run']) });
    print(values.json, r, () => describe(r));
    return EXIT.ok;
  }
  if (sub === 'export') {
    const res = await connect(values).request('GET', '/api/config/export');
    const yaml = await res.text();
    if (values.out) await writeFile(resolve(values.out), yaml);
    else process.stdout.write(yaml);
    return EXIT.ok;
  }
  throw new CliError(`config ${sub ?? ''}: use apply, export or diff`.replace('  ', ' '), EXIT.usage);
}
