import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from './experiments.service.js';

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

/**
 * Server-sent events of a run's progress: one `progress` event at once and after each change (checked
 * every `intervalMs`), a comment as keep-alive, and the stream ends after the run does. Destroying the
 * stream (the client went away) stops the polling.
 */
export function progressEvents(read: () => Promise<Progress>, intervalMs = 1000): Readable {
  async function* events() {
    let last = '';
    let quiet = 0;
    for (;;) {
      const p = await read();
      const state = `${p.status} ${p.done} ${p.failed} ${p.costUsd}`;
      if (state !== last) {
        last = state;
        quiet = 0;
        yield `event: progress\ndata: ${JSON.stringify(p)}\n\n`;
      } else if (++quiet % 15 === 0) yield ': keep-alive\n\n';
      if (TERMINAL.has(p.status) || p.status === 'draft') return;
      await sleep(intervalMs);
    }
  }
  return Readable.from(events());
}
