import { diffJson } from './diff.js';

describe('diffJson', () => {
  it('reports leaf changes with dotted paths', () => {
    expect(diffJson({ fallback: { maxAttempts: 3, on: ['timeout'] } }, { fallback: { maxAttempts: 2, on: ['timeout', 'network'] } })).toEqual([
      { path: 'fallback.maxAttempts', op: 'changed', from: 3, to: 2 },
      { path: 'fallback.on[1]', op: 'added', to: 'network' },
    ]);
  });

  it('matches targets by model, so a reorder is no change and a weight shift names the model', () => {
    const v1 = {
      targets: [
        { model: 'a/x', weight: 90 },
        { model: 'b/y', weight: 10 },
      ],
    };
    const v2 = {
      targets: [
        { model: 'b/y', weight: 50 },
        { model: 'a/x', weight: 50 },
      ],
    };
    expect(diffJson(v1, v2)).toEqual([
      { path: 'targets[a/x].weight', op: 'changed', from: 90, to: 50 },
      { path: 'targets[b/y].weight', op: 'changed', from: 10, to: 50 },
    ]);
    expect(diffJson(v1, { targets: [...v1.targets].reverse() })).toEqual([]);
  });

  it('reports added and removed targets and keys', () => {
    const v1 = { targets: [{ model: 'a/x', weight: 100 }], capture: { bodies: false } };
    const v2 = { targets: [{ model: 'c/z', weight: 100 }], capture: { bodies: false, redact: ['\\d{16}'] } };
    expect(diffJson(v1, v2)).toEqual([
      { path: 'capture.redact', op: 'added', to: ['\\d{16}'] },
      { path: 'targets[a/x]', op: 'removed', from: { model: 'a/x', weight: 100 } },
      { path: 'targets[c/z]', op: 'added', to: { model: 'c/z', weight: 100 } },
    ]);
  });

  it('is empty for equal values', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
