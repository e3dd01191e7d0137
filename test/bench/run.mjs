// `npm run bench`: every benchmark (BENCH_ONLY=console|gateway|startup|log-writer|dataset-import|graders|strategies|experiments|shadow|peers|cache|soak runs one; soak runs only when asked, it takes 10 minutes), with its method in its own file. Results are written down in docs/benchmarks.md.
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
// Build first: the benchmarks import the built backend (backend/dist), which a fresh clone does not have.
execSync('npm run build -w backend', { stdio: 'ignore' });
const { benchCache } = await import('./cache.mjs');
const { benchConsole } = await import('./console.mjs');
const { benchDatasetImport } = await import('./dataset-import.mjs');
const { benchExperiments } = await import('./experiments.mjs');
const { benchGateway } = await import('./gateway.mjs');
const { benchGraders } = await import('./graders.mjs');
const { benchLogWriter } = await import('./log-writer.mjs');
const { benchPeers } = await import('./peers.mjs');
const { benchShadow } = await import('./shadow.mjs');
const { benchSoak } = await import('./soak.mjs');
const { benchStartup } = await import('./startup.mjs');
const { benchStrategies } = await import('./strategies.mjs');
const only = process.env.BENCH_ONLY;
if (!only || only === 'startup') {
  console.log('\n# start-up and idle memory');
  await benchStartup();
}
if (!only || only === 'console') {
  console.log('\n# console bundle: JavaScript gzipped');
  await benchConsole();
}
if (!only || only === 'gateway') {
  console.log('\n# gateway overhead');
  await benchGateway();
}
if (!only || only === 'log-writer') {
  console.log('\n# request-log writer');
  await benchLogWriter();
}
if (!only || only === 'graders') {
  console.log('\n# deterministic graders, one core');
  await benchGraders();
}
if (!only || only === 'strategies') {
  console.log('\n# routing strategies: planning a request for a route of 10 targets, one core');
  await benchStrategies();
}
if (!only || only === 'dataset-import') {
  console.log('\n# dataset upload');
  await benchDatasetImport();
}
if (!only || only === 'experiments') {
  console.log('\n# experiments: dataset run and report');
  await benchExperiments();
}
if (!only || only === 'shadow') {
  console.log('\n# shadow experiments: what mirroring costs the client');
  await benchShadow();
}
if (!only || only === 'cache') {
  console.log('\n# response cache: hits against upstream calls, lookup cost on a miss');
  await benchCache();
}
if (!only || only === 'peers') {
  console.log('\n# side by side: direct, pass-through proxy, Portkey, Switchyard');
  await benchPeers();
}
if (only === 'soak') {
  console.log('\n# soak');
  await benchSoak();
}
const { cleanUp } = await import('./processes.mjs');
await cleanUp();
process.exit(0);
