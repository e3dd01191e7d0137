import type { RouteSpec } from '../../routing/core/route-spec.js';
import { evaluateStep, rampSpec, type StepRules, type TargetWindow } from './ramp.js';

const base: RouteSpec = {
  targets: [
    { model: 'a/x', weight: 70 },
    { model: 'b/y', weight: 30, overrides: { temperature: 0 } },
  ],
  fallback: { on: ['server_error'], maxAttempts: 2, backoff: { initialMs: 0, maxMs: 0, multiplier: 2, jitter: false } },
  breaker: {} as RouteSpec['breaker'],
  sticky: 'user',
  capture: { bodies: false, redact: [] },
};

describe('rampSpec', () => {
  it('gives the promoted model its share and the rest to the old targets in proportion, adding up to 100', () => {
    const s = rampSpec(base, 'c/z', 25);
    expect(s.targets).toEqual([
      { model: 'c/z', weight: 25 },
      { model: 'a/x', weight: 53 },
      { model: 'b/y', weight: 22, overrides: { temperature: 0 } },
    ]);
    expect(s.fallback).toBe(base.fallback);
  });

  it('keeps old targets as weight-0 fallbacks at 100%, and moves an already present target instead of adding it twice', () => {
    expect(rampSpec(base, 'c/z', 100).targets.map((t) => [t.model, t.weight])).toEqual([
      ['c/z', 100],
      ['a/x', 0],
      ['b/y', 0],
    ]);
    expect(rampSpec(base, 'b/y', 50).targets).toEqual([
      { model: 'b/y', weight: 50, overrides: { temperature: 0 } },
      { model: 'a/x', weight: 50 },
    ]);
  });
});

const rules: StepRules = { minSeconds: 60, minRequests: 100, maxErrorRateIncrease: 0.5, maxLatencyIncrease: 0.5, minSamples: 20 };
const w = (attempts: number, failures: number, p95: number | null = 100): TargetWindow => ({ attempts, failures, answered: attempts - failures, p95 });

describe('evaluateStep', () => {
  it('rolls back when the new target fails more often than allowed, naming the figures', () => {
    expect(evaluateStep(w(40, 10), w(400, 4), 5, rules)).toEqual({
      action: 'rollback',
      reason: 'error rate 25.0% on 40 attempts against 1.0% before (limit 3.0%)',
    });
  });

  it('does not judge errors on too few attempts, and allows the absolute slack', () => {
    expect(evaluateStep(w(5, 3), w(400, 0), 5, rules).action).toBe('wait');
    expect(evaluateStep(w(110, 2), w(400, 0), 120, rules).action).toBe('advance');
  });

  it('rolls back on a latency p95 beyond the allowed increase', () => {
    expect(evaluateStep(w(50, 0, 400), w(500, 0, 200), 5, rules)).toEqual({
      action: 'rollback',
      reason: 'latency p95 400 ms against 200 ms before (limit 300 ms)',
    });
  });

  it('takes a latency p95 within the absolute slack for noise, not a breach', () => {
    // 2 ms → 6 ms is +200%, but 4 ms: what a loaded machine adds to an instant target.
    expect(evaluateStep(w(150, 0, 6), w(500, 0, 2), 120, rules).action).toBe('advance');
    expect(evaluateStep(w(150, 0, 53), w(500, 0, 2), 120, rules)).toEqual({
      action: 'rollback',
      reason: 'latency p95 53 ms against 2 ms before (limit 52 ms)',
    });
  });

  it('waits for the minimum time and request count, then advances', () => {
    expect(evaluateStep(w(150, 0), w(500, 0), 30, rules)).toEqual({ action: 'wait', reason: 'step has run 30 of 60 s' });
    expect(evaluateStep(w(50, 0), w(500, 0), 90, rules)).toEqual({ action: 'wait', reason: '50 of 100 requests served by the new target' });
    expect(evaluateStep(w(150, 0, 120), w(500, 0), 90, rules)).toEqual({
      action: 'advance',
      reason: 'guardrails held over 150 requests (error rate 0.0%, p95 120 ms)',
    });
  });
});

describe('evaluateStep with feedback', () => {
  const rules: StepRules = { minSeconds: 0, minRequests: 1, maxErrorRateIncrease: 0.5, maxLatencyIncrease: 0.5, minSamples: 20, maxFeedbackDrop: 0.1 };
  const w = (feedback?: { n: number; mean: number }): TargetWindow => ({ attempts: 100, failures: 0, answered: 100, p95: 100, feedback });

  it('rolls back when the thumbs-up rate drops by more than the limit, with enough feedback on both sides', () => {
    expect(evaluateStep(w({ n: 40, mean: 0.6 }), w({ n: 40, mean: 0.8 }), 10, rules)).toMatchObject({
      action: 'rollback',
      reason: 'feedback 0.60 on 40 requests against 0.80 before (largest drop allowed 0.1)',
    });
    expect(evaluateStep(w({ n: 40, mean: 0.75 }), w({ n: 40, mean: 0.8 }), 10, rules).action).toBe('advance');
    expect(evaluateStep(w({ n: 10, mean: 0.1 }), w({ n: 40, mean: 0.8 }), 10, rules).action).toBe('advance');
    expect(evaluateStep(w({ n: 40, mean: 0.1 }), w(), 10, rules).action).toBe('advance');
    expect(evaluateStep(w({ n: 40, mean: 0.1 }), w({ n: 40, mean: 0.8 }), 10, { ...rules, maxFeedbackDrop: undefined }).action).toBe('advance');
  });
});
