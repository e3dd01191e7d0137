import { checkSpec, normalizeSpec } from './normalize.js';
import { DEFAULT_BREAKER, DEFAULT_FALLBACK } from './route-spec.js';

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
