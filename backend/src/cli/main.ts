import 'reflect-metadata';
import { ApiCallError } from './admin-client.js';
import { configCommand } from './commands/config.js';
import { datasetsCommand } from './commands/datasets.js';
import { evalCommand } from './commands/eval.js';
import { routesCommand } from './commands/routes.js';
import { CliError, EXIT } from './cli-error.js';
import { EvalConfigError } from './eval/eval-config.js';

const HELP = `switchyard — command line for the Switchyard platform

  switchyard eval --config eval.yaml [options]     run a dataset experiment and gate on its verdict
      --server URL --token T   against a running server (else: in process, on embedded defaults)
      --output DIR             write DIR/switchyard-eval.json and DIR/switchyard-eval.junit.xml
      --fail-on worse|inconclusive   (default worse)
      --baseline FILE | --baseline-run NAME [--baseline-variant V]   compare with an earlier run
      --data-dir DIR           in process: keep the embedded data here (default: a temporary folder)
      --json                   print the result as JSON instead of a table
  switchyard datasets push FILE [--name N]          upload a file as a new version (made if missing)
  switchyard datasets pull NAME [--version V] [--format jsonl|csv] [--out FILE]
  switchyard config apply FILE [--dry-run]          apply a switchyard.yaml (validated whole)
  switchyard config export [--out FILE]             the live providers, models and routes as YAML
  switchyard config diff FILE                       what applying FILE would change
  switchyard routes promote --experiment E [--variant V] [--route R] [--ramp 5,25,50,100 | --immediate]

  Server and token: --server/--token, or SWITCHYARD_SERVER/SWITCHYARD_TOKEN (default server http://localhost:3000).
  Every command takes --json. Exit codes: 0 ok, 1 the eval gate failed, 2 bad usage or config, 3 server or run error.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version') {
    const { VERSION } = await import('../version.js');
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  switch (command) {
    case 'eval':
      return evalCommand(rest);
    case 'datasets':
      return datasetsCommand(rest);
    case 'config':
      return configCommand(rest);
    case 'routes':
      return routesCommand(rest);
    default:
      throw new CliError(`unknown command "${command}" (eval, datasets, config, routes; --help lists them)`, EXIT.usage);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // parseArgs reports unknown or malformed options with this code.
    const usage = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const code = err instanceof CliError ? err.exit : err instanceof EvalConfigError || usage ? EXIT.usage : EXIT.failure;
    const text =
      err instanceof ApiCallError || err instanceof CliError || err instanceof EvalConfigError || usage
        ? (err as Error).message
        : String((err as Error)?.stack ?? err);
    process.stderr.write(`switchyard: ${text}\n`);
    process.exit(code);
  },
);
