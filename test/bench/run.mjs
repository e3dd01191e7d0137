// `npm run bench`: every benchmark, with its method in its own file. Results are written down in docs/benchmarks.md.
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { benchStartup } from './startup.mjs';

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
execSync('npm run build -w backend', { stdio: 'ignore' });
console.log('\n# start-up and idle memory');
await benchStartup();
