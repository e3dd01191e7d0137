import { checkSpec, normalizeSpec } from './normalize.js';
import { DEFAULT_BREAKER, DEFAULT_CACHE, DEFAULT_FALLBACK } from './route-spec.js';

const known = (m: string) => m.startsWith('sim/');

describe('normalizeSpec', () => {
  it('fills every default in', () => {
    const spec = normalizeSpec({ targets: [{ model: 'sim/a', weight: 100 }] });
    expect(spec).toEqual({
      targets: [{ model: 'sim/a', weight: 100 }],
      fallback: DEFAULT_FALLBACK,
      breaker: DEFAULT_BREAKER,
      sticky: 'user',
      capture: { bodies: false, redact: [] },
    });
  });

  it('keeps what was given, merging partial blocks', () => {
    const spec = normalizeSpec({
      targets: [{ model: 'sim/a', weight: 100, overrides: { temperature: 0 } }],
      fallback: { maxAttempts: 1, backoff: { initialMs: 5 } },
    });
    expect(spec.fallback.maxAttempts).toBe(1);
    expect(spec.fallback.backoff).toEqual({ ...DEFAULT_FALLBACK.backoff, initialMs: 5 });
    expect(spec.targets[0].overrides).toEqual({ temperature: 0 });
  });

  it('adds a cache block only when one is written, with its defaults filled in', () => {
    expect('cache' in normalizeSpec({ targets: [{ model: 'sim/a', weight: 100 }] })).toBe(false);
    const spec = normalizeSpec({ targets: [{ model: 'sim/a', weight: 100 }], cache: { enabled: true, ttlSeconds: undefined } });
    expect(spec.cache).toEqual({ ...DEFAULT_CACHE, enabled: true });
  });
});

describe('checkSpec', () => {
  it('accepts a sound spec', () => {
    expect(
      checkSpec(
        normalizeSpec({
          targets: [
            { model: 'sim/a', weight: 70 },
            { model: 'sim/b', weight: 30 },
          ],
        }),
        known,
      ),
    ).toEqual([]);
  });

  it('names each problem by path', () => {
    const spec = normalizeSpec({
      targets: [
        { model: 'sim/a', weight: 70 },
        { model: 'sim/a', weight: 10 },
        { model: 'nope/x', weight: 10 },
      ],
      capture: { redact: ['(unclosed'] },
      fallback: { backoff: { initialMs: 5000, maxMs: 100 } },
    });
    expect(checkSpec(spec, known, 'routes[2]').map((d) => d.path)).toEqual([
      'routes[2].targets',
      'routes[2].targets[1].model',
      'routes[2].targets[2].model',
      'routes[2].capture.redact[0]',
      'routes[2].fallback.backoff.initialMs',
    ]);
    expect(checkSpec(spec, known)[0].message).toBe('weights must add up to 100 (they add up to 90)');
  });
});

describe('routing strategy fields', () => {
  const targets = [
    { model: 'p/a', weight: 0 },
    { model: 'p/b', weight: 0 },
  ];
  const exists = () => true;

  it('leaves the defaults out, so versions written before strategies existed stay equal', () => {
    const spec = normalizeSpec({ targets: [{ model: 'p/a', weight: 100 }], strategy: 'weighted' });
    expect('strategy' in spec).toBe(false);
    expect(spec).toEqual(normalizeSpec({ targets: [{ model: 'p/a', weight: 100 }] }));
  });

  it('keeps a non-default strategy, its exploration, and a downgrade with its default threshold', () => {
    const spec = normalizeSpec({ targets, strategy: 'fastest', exploration: 0.2, downgrade: { model: 'p/c' } });
    expect(spec).toMatchObject({ strategy: 'fastest', exploration: 0.2, downgrade: { model: 'p/c', threshold: 0.8 } });
    expect(normalizeSpec({ targets, strategy: 'cheapest', exploration: 0.2 }).exploration).toBeUndefined();
  });

  it('checks weights only for the weighted strategy', () => {
    expect(checkSpec(normalizeSpec({ targets, strategy: 'cheapest' }), exists)).toEqual([]);
    expect(checkSpec(normalizeSpec({ targets }), exists)[0].path).toBe('targets');
  });

  it('checks that the downgrade model exists', () => {
    const spec = normalizeSpec({ targets, strategy: 'ordered', downgrade: { model: 'p/zzz', threshold: 0.5 } });
    expect(checkSpec(spec, (m) => m !== 'p/zzz')).toEqual([{ path: 'downgrade.model', message: expect.stringContaining('p/zzz') }]);
  });
});
