// Console bundle (issue 7): JavaScript a reader downloads, gzipped (zlib level 9), from the production build's
// manifest (frontend/dist/.vite/manifest.json). First load = the entry chunk and every chunk it imports
// statically, plus the chunks the first page (login, overview) imports statically; the chart chunk (ECharts)
// is counted apart: pages fetch it after they render, and only pages with a chart do.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../../frontend/dist/', import.meta.url);

export function consoleBundle() {
  const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', DIST), 'utf8'));
  const gz = (file) => gzipSync(readFileSync(new URL(file, DIST)), { level: 9 }).length;
  /** The chunk and everything it imports statically, transitively. */
  const closure = (key, seen = new Set()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) closure(dep, seen);
    return seen;
  };
  const kb = (keys) => +([...keys].reduce((sum, k) => sum + gz(manifest[k].file), 0) / 1024).toFixed(1);
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const page = (view) => closure(`src/views/${view}.vue`, new Set(closure(entry)));
  const chart = Object.keys(manifest).find((k) => manifest[k].name === 'echarts');
  return {
    entryKB: kb(closure(entry)),
    firstLoadLoginKB: kb(page('LoginView')),
    firstLoadOverviewKB: kb(page('OverviewView')),
    echartsChunkKB: chart ? kb([chart]) : null,
    overviewWithChartsKB: chart ? kb(new Set([...page('OverviewView'), ...closure(chart)])) : null,
    experimentWithChartsKB: chart ? kb(new Set([...page('ExperimentView'), ...closure(chart)])) : null,
  };
}

export async function benchConsole() {
  execSync('npm run build -w frontend', { stdio: 'ignore' });
  console.log(consoleBundle());
}
