import type { ProviderAccount } from '../provider-adapter.js';
import { availableModels, resolveProfile, SIMULATED_MODELS } from './simulator.profiles.js';

const account = (options: Record<string, unknown> = {}): ProviderAccount => ({
  id: 'a',
  name: 'demo-sim',
  kind: 'simulator',
  baseUrl: '',
  headers: {},
  options,
  timeouts: { connectMs: 1, firstByteMs: 1, totalMs: 1 },
});

describe('resolveProfile', () => {
  it('returns the built-in profiles, each described as simulated', () => {
    expect(SIMULATED_MODELS.map((m) => m.id)).toEqual(['sim-large', 'sim-small', 'sim-mini', 'sim-flaky', 'sim-instant']);
    for (const m of SIMULATED_MODELS) {
      expect(resolveProfile(account(), m.id)).toEqual(m);
      expect(m.description).toMatch(/simulated/i);
    }
    expect(resolveProfile(account(), 'sim-instant').latency).toEqual({ firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: Infinity });
  });

  it('merges an account’s override field by field without touching the catalogue', () => {
    const acc = account({ models: { 'sim-large': { quality: 0.5, latency: { firstTokenMs: { p95: 9000 } }, pricePerMillion: { output: 20 } } } });
    const p = resolveProfile(acc, 'sim-large');
    expect(p).toMatchObject({
      id: 'sim-large',
      quality: 0.5,
      latency: { firstTokenMs: { p50: 700, p95: 9000 }, tokensPerSecond: 45 },
      pricePerMillion: { input: 5, output: 20 },
    });
    expect(SIMULATED_MODELS[0].quality).toBe(0.9);
    expect(SIMULATED_MODELS[0].latency.firstTokenMs.p95).toBe(1800);
  });

  it('adds models under new ids, starting from sim-small', () => {
    const acc = account({ models: { 'sim-custom': { quality: 0.99 } } });
    expect(resolveProfile(acc, 'sim-custom')).toMatchObject({ id: 'sim-custom', quality: 0.99, outputTokens: SIMULATED_MODELS[1].outputTokens });
    expect(availableModels(acc)).toEqual(['sim-large', 'sim-small', 'sim-mini', 'sim-flaky', 'sim-instant', 'sim-custom']);
  });

  it('throws not_found listing the available models for an unknown one', () => {
    const acc = account({ models: { 'sim-custom': {} } });
    expect(() => resolveProfile(acc, 'gpt-4o')).toThrow(
      'simulator has no model "gpt-4o"; available: sim-large, sim-small, sim-mini, sim-flaky, sim-instant, sim-custom',
    );
    expect(() => resolveProfile(acc, 'gpt-4o')).toThrow(expect.objectContaining({ kind: 'not_found', retryable: false }));
    expect(() => resolveProfile(account(), 'toString')).toThrow(expect.objectContaining({ kind: 'not_found' }));
  });

  it.each([
    [{ quality: 1.5 }, /quality/],
    [{ errorRate: -0.1 }, /errorRate/],
    [{ latency: { firstTokenMs: { p50: 500, p95: 100 } } }, /firstTokenMs/],
    [{ latency: { tokensPerSecond: 0 } }, /tokensPerSecond/],
    [{ outputTokens: { min: 50, max: 10 } }, /outputTokens/],
    [{ contextWindow: 0 }, /contextWindow/],
  ])('rejects an override out of range: %j', (override, message) => {
    const acc = account({ models: { 'sim-small': override } });
    expect(() => resolveProfile(acc, 'sim-small')).toThrow(message);
    expect(() => resolveProfile(acc, 'sim-small')).toThrow(expect.objectContaining({ kind: 'bad_request' }));
  });

  it('rejects options.models that is not an object', () => {
    expect(() => resolveProfile(account({ models: ['sim-small'] }), 'sim-small')).toThrow(/options.models/);
  });
});
