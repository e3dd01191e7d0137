import { parseFeedback } from './feedback-body.js';

describe('parseFeedback', () => {
  it('reads thumbs, booleans, numbers and labels', () => {
    expect(parseFeedback({ request_id: 'r1', value: 'up' })).toEqual({
      ok: true,
      value: { requestId: 'r1', metric: 'thumbs', value: 1, label: null, comment: null },
    });
    expect(parseFeedback({ request_id: 'r1', value: false })).toMatchObject({ ok: true, value: { value: 0 } });
    expect(parseFeedback({ request_id: 'r1', metric: 'rating', value: 4.5, comment: 'good' })).toMatchObject({
      ok: true,
      value: { metric: 'rating', value: 4.5, comment: 'good' },
    });
    expect(parseFeedback({ request_id: 'r1', metric: 'outcome', label: 'resolved' })).toMatchObject({ ok: true, value: { value: null, label: 'resolved' } });
  });

  it('names every bad field', () => {
    const r = parseFeedback({ request_id: '', metric: 'Bad Metric', value: 'meh', extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.details.map((d) => d.path).sort()).toEqual(['extra', 'metric', 'request_id', 'value']);
    expect(parseFeedback({ request_id: 'r1' })).toEqual({ ok: false, details: [{ path: 'value', message: 'give a value or a label' }] });
    expect(parseFeedback({ request_id: 'r1', value: Number.NaN })).toMatchObject({ ok: false });
    expect(parseFeedback('nope')).toMatchObject({ ok: false, details: [{ path: 'body' }] });
  });
});
