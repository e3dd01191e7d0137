import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { useConfirmedAction } from './useConfirmedAction';

interface Item {
  id: string;
}
const a: Item = { id: 'a' };
const b: Item = { id: 'b' };

/** An action that waits until released (or rejected) from the test. */
function held() {
  let release!: () => void;
  let reject!: (e: unknown) => void;
  const action = vi.fn(
    (_: Item) =>
      new Promise<void>((res, rej) => {
        release = res;
        reject = rej;
      }),
  );
  return { action, release: () => release(), reject: (e: unknown) => reject(e) };
}

describe('useConfirmedAction', () => {
  it('runs the action on the item asked about, busy meanwhile, then closes and calls onDone with it', async () => {
    const { action, release } = held();
    const seen: (Item | null)[] = [];
    const c = useConfirmedAction(action, 'Could not.', (item) => void seen.push(item, c.pending.value));
    c.ask(a);
    expect(c.pending.value).toEqual(a);

    const done = c.confirm();
    expect(action).toHaveBeenCalledWith(a);
    expect(c.busy.value).toBe(true);
    expect(c.pending.value).toEqual(a);
    release();
    await done;
    expect(c.busy.value).toBe(false);
    expect(c.pending.value).toBeNull();
    expect(c.error.value).toBeNull();
    // onDone gets the item after the dialog is closed.
    expect(seen).toEqual([a, null]);
  });

  it("keeps the item pending with the server's reason when the action fails, or the fallback for anything else", async () => {
    const onDone = vi.fn();
    const action = vi
      .fn<(item: Item) => Promise<void>>()
      .mockRejectedValueOnce(new ApiError(409, 'x/in-use', 'b is in use'))
      .mockRejectedValueOnce(new TypeError('boom'));
    const c = useConfirmedAction(action, 'The item could not be deleted.', onDone);
    c.ask(b);
    await c.confirm();
    expect(c.pending.value).toEqual(b);
    expect(c.error.value).toBe('b is in use');
    expect(c.busy.value).toBe(false);

    await c.confirm();
    expect(c.error.value).toBe('The item could not be deleted.');
    expect(c.pending.value).toEqual(b);
    expect(action).toHaveBeenCalledTimes(2);
    expect(onDone).not.toHaveBeenCalled();

    // Asking again starts with no error.
    c.ask(a);
    expect(c.error.value).toBeNull();
    expect(c.pending.value).toEqual(a);
  });

  it('clears the previous error when confirming again, and succeeds on a retry', async () => {
    const { action, release, reject } = held();
    const c = useConfirmedAction(action, 'Could not.');
    c.ask(a);
    const first = c.confirm();
    reject(new ApiError(503, 'x/busy', 'try later'));
    await first;
    expect(c.error.value).toBe('try later');
    const second = c.confirm();
    expect(c.error.value).toBeNull();
    release();
    await second;
    expect(c.pending.value).toBeNull();
    expect(c.error.value).toBeNull();
  });

  it('does nothing on a second confirm while the action runs, nor with nothing asked', async () => {
    const { action, release } = held();
    const onDone = vi.fn();
    const c = useConfirmedAction(action, 'Could not.', onDone);
    await c.confirm();
    expect(action).not.toHaveBeenCalled();

    c.ask(a);
    const first = c.confirm();
    const second = c.confirm();
    await second;
    expect(action).toHaveBeenCalledTimes(1);
    expect(c.busy.value).toBe(true);
    release();
    await first;
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(onDone).toHaveBeenCalledWith(a);
  });

  it('cancel closes without running the action', async () => {
    const action = vi.fn(async (_: Item) => {});
    const c = useConfirmedAction(action, 'Could not.');
    c.ask(a);
    c.cancel();
    expect(c.pending.value).toBeNull();
    await c.confirm();
    expect(action).not.toHaveBeenCalled();
  });
});
