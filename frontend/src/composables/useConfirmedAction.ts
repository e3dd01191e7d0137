import { ref, type Ref } from 'vue';
import { errorMessage } from '../utils/error-message';

/**
 * The state behind a `ConfirmDialog` for an action on one item (revoke a key, delete a version…): `ask(item)`
 * opens the dialog (`pending` is the item), `confirm()` runs `action` once — a second confirm while it runs does
 * nothing — and on success closes the dialog and then calls `onDone` (move focus, reload, emit). On failure the
 * dialog stays open with the server's reason, or `fallback` for anything unexpected, to be retried or cancelled.
 * `cancel()` closes it and leaves `error` alone: `ask` clears it.
 */
export function useConfirmedAction<T>(action: (item: T) => Promise<unknown>, fallback: string, onDone?: (item: T) => void | Promise<void>) {
  const pending = ref(null) as Ref<T | null>;
  const busy = ref(false);
  const error = ref<string | null>(null);

  function ask(item: T): void {
    error.value = null;
    pending.value = item;
  }

  async function confirm(): Promise<void> {
    const item = pending.value;
    if (item === null || busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await action(item);
    } catch (e) {
      error.value = errorMessage(e, fallback);
      return;
    } finally {
      busy.value = false;
    }
    pending.value = null;
    await onDone?.(item);
  }

  function cancel(): void {
    pending.value = null;
  }

  return { pending, busy, error, ask, confirm, cancel };
}
