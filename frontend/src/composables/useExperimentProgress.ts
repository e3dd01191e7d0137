import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { ApiError } from '../api/client';
import { readServerEvents } from '../api/events';
import type { ExperimentStatus, ProgressDto } from '../api/types';
import { experimentPath, useExperimentsStore } from '../stores/experiments';
import { errorMessage } from '../utils/error-message';

const ENDED: ReadonlySet<ExperimentStatus> = new Set(['completed', 'cancelled', 'failed', 'draft']);
const POLL_MS = 1000;

/**
 * A run's progress as it happens: the server-sent event stream read with fetch, and, when the stream cannot be
 * had or breaks off while the run goes on, polling `/progress` every second. Stops when the run ends, the
 * name changes or the component unmounts; `follow()` starts again (after a start or resume).
 */
export function useExperimentProgress(name: Ref<string>) {
  const store = useExperimentsStore();
  const progress = ref<ProgressDto | null>(null);
  /** How updates arrive now, shown so a stalled stream is not mistaken for a stalled run. */
  const source = ref<'stream' | 'polling' | 'idle'>('idle');
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  const ended = () => progress.value !== null && ENDED.has(progress.value.status);

  function stop(): void {
    controller?.abort();
    controller = null;
    source.value = 'idle';
  }

  async function poll(signal: AbortSignal): Promise<void> {
    source.value = 'polling';
    while (!signal.aborted) {
      try {
        progress.value = await store.progress(name.value, signal);
        error.value = null;
        if (ended()) break;
      } catch (e) {
        if (signal.aborted) return;
        error.value = errorMessage(e, 'Could not read the progress; trying again.');
        // Gone (deleted) or refused: asking again will not help.
        if (e instanceof ApiError && (e.status === 404 || e.status === 401)) break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (!signal.aborted) source.value = 'idle';
  }

  async function follow(): Promise<void> {
    stop();
    const ctl = new AbortController();
    controller = ctl;
    error.value = null;
    source.value = 'stream';
    try {
      await readServerEvents(
        `${experimentPath(name.value)}/events`,
        (e) => {
          if (e.event === 'progress') progress.value = JSON.parse(e.data) as ProgressDto;
        },
        ctl.signal,
      );
    } catch {
      if (ctl.signal.aborted) return;
    }
    // The stream ended: fine when the run did; otherwise (a proxy cut it, the browser cannot stream) poll.
    if (ctl.signal.aborted) return;
    if (ended()) source.value = 'idle';
    else await poll(ctl.signal);
  }

  watch(name, () => void follow(), { immediate: true });
  onBeforeUnmount(stop);

  return { progress, source, error, follow, stop };
}
