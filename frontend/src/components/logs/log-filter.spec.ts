import { describe, expect, it } from 'vitest';
import { clearedQuery, filterFromQuery, filterToQuery, isFiltered, timeBounds } from './log-filter';
import { withQuery } from '../../utils/route-query';

describe('log filter in the address', () => {
  it('reads each filter from its query parameter and ignores values the server would refuse', () => {
    const f = filterFromQuery({ route: 'assist', key: 'k1', status: 'error', model: 'sim/sim-small', experiment: 'e1', cache: 'hit', since: '1h' });
    expect(f).toEqual({
      route: 'assist',
      keyId: 'k1',
      status: 'error',
      model: 'sim/sim-small',
      experimentId: 'e1',
      cache: 'hit',
      since: '1h',
      from: '',
      to: '',
    });
    const odd = filterFromQuery({ status: 'teapot', cache: 'maybe', since: 'toString', from: 'yesterday', to: '2026-12-06T10:00:00Z' });
    expect(odd).toMatchObject({ status: '', cache: '', since: '', from: '', to: '2026-12-06T10:00:00.000Z' });
    expect(isFiltered(filterFromQuery({}))).toBe(false);
    expect(isFiltered(odd)).toBe(true);
  });

  it('keeps either a range back from now or one picked by hand, never both', () => {
    let q = withQuery({}, filterToQuery({ from: '2026-12-01T00:00:00.000Z' }));
    expect(q).toEqual({ from: '2026-12-01T00:00:00.000Z' });
    q = withQuery(q, filterToQuery({ since: '24h' }));
    expect(q).toEqual({ since: '24h' });
    q = withQuery(q, filterToQuery({ to: '2026-12-02T00:00:00.000Z', keyId: 'k' }));
    expect(q).toEqual({ to: '2026-12-02T00:00:00.000Z', key: 'k' });
    expect(withQuery({ ...q, q: 'text', page: 'x' }, clearedQuery())).toEqual({ q: 'text', page: 'x' });
  });

  it('turns the time range into the server bounds', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(timeBounds(filterFromQuery({ since: '1h' }), now)).toEqual({ from: '2026-12-06T11:00:00.000Z' });
    expect(timeBounds(filterFromQuery({ from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' }), now)).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      before: '2026-12-02T00:00:00.000Z',
    });
    expect(timeBounds(filterFromQuery({}), now)).toEqual({ from: undefined, before: undefined });
  });
});
