import { describe, expect, it } from 'vitest';
import { toLocalInput } from '../../utils/local-time';
import { checkTrafficForm, defaultTrafficForm, locateTrafficError, type TrafficForm } from './from-traffic';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const local = (iso: string) => toLocalInput(iso);
const form = (over: Partial<TrafficForm> = {}): TrafficForm => ({ ...defaultTrafficForm(NOW), name: 'support-cases', ...over });

describe('the make-a-dataset-from-traffic form', () => {
  it('starts a week back, answered requests, up to 1,000, keeping the answers', () => {
    expect(defaultTrafficForm(NOW)).toEqual({
      name: '',
      route: '',
      from: local('2026-11-29T12:00:00Z'),
      to: '',
      status: 'ok',
      limit: '1000',
      keepExpected: true,
    });
  });

  it('sends the filters it was given, times as ISO instants, and leaves out what the server defaults', () => {
    expect(checkTrafficForm(form(), NOW)).toEqual({
      ok: true,
      body: { status: 'ok', limit: 1000, expectedFromResponse: true, from: new Date(Date.parse(local('2026-11-29T12:00:00Z'))).toISOString() },
    });
    const r = checkTrafficForm(
      form({ route: 'support-bot', from: local('2026-12-01T08:00:00Z'), to: local('2026-12-02T08:00:00Z'), status: 'error', limit: '25', keepExpected: false }),
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      body: {
        route: 'support-bot',
        from: new Date('2026-12-01T08:00:00Z').toISOString(),
        to: new Date('2026-12-02T08:00:00Z').toISOString(),
        status: 'error',
        limit: 25,
        expectedFromResponse: false,
      },
    });
    expect(checkTrafficForm(form({ from: '' }), NOW)).toMatchObject({ ok: true, body: { limit: 1000 } });
  });

  it('puts each problem next to its field', () => {
    const r = checkTrafficForm(form({ name: 'Support Cases', limit: '0', from: local('2026-12-02T00:00:00Z'), to: local('2026-12-01T00:00:00Z') }), NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['limit', 'name', 'to']);
    expect(r.errors.to).toMatch(/after/);
    expect(checkTrafficForm(form({ name: '' }), NOW)).toMatchObject({ ok: false, errors: { name: expect.stringMatching(/Name the dataset/) } });
    for (const limit of ['1.5', '-3', '100001', 'ten', ''])
      expect(checkTrafficForm(form({ limit }), NOW)).toMatchObject({ ok: false, errors: { limit: expect.any(String) } });
    expect(checkTrafficForm(form({ limit: '100000' }), NOW).ok).toBe(true);
    // The number box hands over a number once typed in.
    expect(checkTrafficForm(form({ limit: 25 }), NOW)).toMatchObject({ ok: true, body: { limit: 25 } });
    expect(checkTrafficForm(form({ limit: 2.5 }), NOW).ok).toBe(false);
    // A start in the future with "until now" is an empty range too.
    expect(checkTrafficForm(form({ from: local('2026-12-07T00:00:00Z') }), NOW)).toMatchObject({ ok: false, errors: { to: expect.stringMatching(/future/) } });
  });

  it('places the server errors by their body path', () => {
    expect(locateTrafficError('to')).toEqual({ field: 'to', label: 'Until' });
    expect(locateTrafficError('expectedFromResponse')).toEqual({ field: 'keepExpected', label: 'Expected answers' });
    expect(locateTrafficError('name')).toEqual({ field: 'name', label: 'Dataset' });
    expect(locateTrafficError('toString')).toBeNull();
    expect(locateTrafficError('')).toBeNull();
  });
});
