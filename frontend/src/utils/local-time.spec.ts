import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-time';

describe('datetime-local values', () => {
  it('converts between ISO instants and datetime-local values in local time', () => {
    const iso = new Date(2026, 11, 6, 9, 5).toISOString();
    expect(toLocalInput(iso)).toBe('2026-12-06T09:05');
    expect(fromLocalInput('2026-12-06T09:05')).toBe(iso);
    expect(fromLocalInput('')).toBe('');
    expect(toLocalInput('')).toBe('');
  });
});
