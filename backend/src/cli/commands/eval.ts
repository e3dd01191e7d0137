import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../cli-error.js';
import { parseEvalConfig } from '../eval/eval-config.js';
import { gateLines, junit, reportTable } from '../eval/render.js';
import { runEval } from '../eval/run-eval.js';
import { startInProcess } from '../in-process.js';
import { progressBar } from '../progress-bar.js';
import { CONNECTION_OPTIONS, connect } from './connection.js';

/** `switchyard eval`: exit 0 when the gate passes, 1 when it fails. */
export async function evalCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      config: { type: 'string', short: 'c' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'worse' },
      baseline: { type: 'string' },
      'baseline-run': { type: 'string' },
      'baseline-variant': { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  if (!values.config) throw new CliError('eval needs --config <eval.yaml>', EXIT.usage);
  const failOn = values['fail-on'];
  if (failOn !== 'worse' && failOn !== 'inconclusive') throw new CliError(`--fail-on must be worse or inconclusive, not "${failOn}"`, EXIT.usage);
  if (values.baseline && values['baseline-run']) throw new CliError('give --baseline (a file) or --baseline-run (a stored run), not both', EXIT.usage);
  const file = resolve(values.config);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`--config: cannot read ${file}`, EXIT.usage);
  });
  const config = parseEvalConfig(text, values.config);

  const remote = values.server !== undefined || process.env.SWITCHYARD_SERVER !== undefined;
  if (remote && config.setup) process.stderr.write('note: `setup` applies only to in-process runs; the server keeps its own configuration\n');
  const local = remote ? undefined : await startLocal(config.setup ? resolve(dirname(file), config.setup) : undefined, values['data-dir']);
  const client = local?.client ?? connect(values);
  const bar = progressBar(process.stderr);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runEval(client, config, dirname(file), basename(file, extname(file)), {
      failOn,
      baseline: { file: values.baseline, run: values['baseline-run'], variant: values['baseline-variant'] },
      onProgress: (p) => bar.update(p),
      signal: abort.signal,
    });
    bar.end();
    if (local) result.server = 'in process (embedded)';
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`\n${result.experiment} on ${result.dataset.name} v${result.dataset.version}, ${result.seconds.toFixed(1)} s\n\n`);
      process.stdout.write(`${reportTable(result.report)}\n\n${gateLines(result.gate)}\n`);
    }
    if (values.output) {
      const dir = resolve(values.output);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'switchyard-eval.json'), `${JSON.stringify(result, null, 2)}\n`);
      await writeFile(join(dir, 'switchyard-eval.junit.xml'), junit(result.experiment, result.gate, result.seconds));
      if (!values.json) process.stdout.write(`wrote ${join(dir, 'switchyard-eval.json')} and switchyard-eval.junit.xml\n`);
    }
    return result.gate.passed ? EXIT.ok : EXIT.gateFailed;
  } finally {
    bar.end();
    process.off('SIGINT', onSigint);
    await local?.close();
  }
}

async function startLocal(setup: string | undefined, dataDir: string | undefined) {
  process.stderr.write('starting Switchyard in process (embedded database, simulator and bundled datasets)…\n');
  return startInProcess({ setup, dataDir });
}
