import type { Progress } from './eval/run-eval.js';

/** A one-line progress bar on a terminal; on a pipe (CI logs) a line at each tenth of the run instead. */
export function progressBar(out: NodeJS.WriteStream): { update(p: Progress): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(p) {
      const frac = p.total ? p.done / p.total : 0;
      const eta = p.etaSeconds === null ? '' : ` eta ${Math.ceil(p.etaSeconds)}s`;
      const text = `${p.done}/${p.total} results (${Math.floor(frac * 100)}%), ${p.failed} failed, $${p.costUsd.toFixed(4)}${eta}`;
      if (out.isTTY) {
        const width = 30;
        const full = Math.round(frac * width);
        out.write(`\r[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${text}\x1b[K`);
        drawn = true;
      } else if (Math.floor(frac * 10) > lastTenth) {
        lastTenth = Math.floor(frac * 10);
        out.write(`${text}\n`);
      }
    },
    end() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}
