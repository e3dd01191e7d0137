import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiCallError } from '../admin-client.js';
import { CliError, EXIT } from '../cli-error.js';
import { CONNECTION_OPTIONS, connect, print } from './connection.js';

const TYPES: Record<string, string> = { '.jsonl': 'application/x-ndjson', '.ndjson': 'application/x-ndjson', '.csv': 'text/csv', '.json': 'application/json' };

/** `switchyard datasets push FILE [--name N]` and `pull NAME [--version V] [--format jsonl|csv] [--out FILE]`. */
export async function datasetsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      name: { type: 'string' },
      version: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'skip-invalid': { type: 'boolean' },
    },
  });
  if (sub === 'push') {
    const [file] = positionals;
    if (!file) throw new CliError('datasets push needs a file (JSONL, CSV or JSON)', EXIT.usage);
    const path = resolve(file);
    const body = await readFile(path).catch(() => {
      throw new CliError(`cannot read ${path}`, EXIT.usage);
    });
    const client = connect(values);
    const name =
      values.name ??
      basename(path, extname(path))
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-');
    await client.json('POST', '/api/datasets', { name }).catch((err: unknown) => {
      if (!(err instanceof ApiCallError && err.code === 'datasets/name-taken')) throw err;
    });
    const query = values['skip-invalid'] ? '?skip_invalid=true' : '';
    const res = await client.request('POST', `/api/datasets/${encodeURIComponent(name)}/versions${query}`, {
      body,
      contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    });
    const v = (await res.json()) as { version: number; rows: number; skipped: number };
    print(values.json, v, () => `${name} v${v.version}: ${v.rows} rows${v.skipped ? `, ${v.skipped} invalid left out` : ''}`);
    return EXIT.ok;
  }
  if (sub === 'pull') {
    const [name] = positionals;
    if (!name) throw new CliError('datasets pull needs a dataset name', EXIT.usage);
    const format = values.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') throw new CliError(`--format must be jsonl or csv, not "${format}"`, EXIT.usage);
    const client = connect(values);
    let version = values.version ? Number(values.version) : undefined;
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new CliError(`--version must be a positive integer`, EXIT.usage);
    if (version === undefined) {
      const d = await client.json<{ versions: Array<{ version: number }> }>('GET', `/api/datasets/${encodeURIComponent(name)}`);
      version = Math.max(0, ...d.versions.map((v) => v.version));
      if (!version) throw new CliError(`${name} has no versions yet`);
    }
    const res = await client.request('GET', `/api/datasets/${encodeURIComponent(name)}/versions/${version}/export?format=${format}`);
    const text = await res.text();
    if (values.out) {
      await writeFile(resolve(values.out), text);
      print(
        values.json,
        { name, version, format, file: resolve(values.out), bytes: Buffer.byteLength(text) },
        () => `wrote ${name} v${version} to ${values.out}`,
      );
    } else process.stdout.write(text);
    return EXIT.ok;
  }
  throw new CliError(`datasets ${sub ?? ''}: use push or pull`.replace('  ', ' '), EXIT.usage);
}
