import { describe, expect, it } from 'vitest';
import type { UsageRowDto } from '../../api/types';
import { groupLabel, logsLink, usageCsv } from './usage-groups';

const row = (over: Partial<UsageRowDto>): UsageRowDto => ({
  group: 'sim/sim-small',
  requests: 4,
  errors: 1,
  errorRate: 0.25,
  inputTokens: 100,
  outputTokens: 200,
  costUsd: 0.0012,
  cacheHits: 0,
  cacheMisses: 0,
  cacheHitRate: null,
  savedUsd: 0,
  latencyP50Ms: 110,
  latencyP95Ms: 300,
  latencyP99Ms: 320,
  ttftP50Ms: null,
  ...over,
});

describe('usage groups', () => {
  it('names empty groups', () => {
    expect(groupLabel('route', '')).toBe('(no route)');
    expect(groupLabel('model', 'sim/x')).toBe('sim/x');
  });

  it('links each group to its requests in the log', () => {
    expect(logsLink('route', row({ group: 'assist' }))).toEqual({ name: 'logs', query: { route: 'assist' } });
    expect(logsLink('key', row({ group: 'app', keyId: 'k1' }))).toEqual({ name: 'logs', query: { key: 'k1' } });
    expect(logsLink('model', row({}))).toEqual({ name: 'logs', query: { model: 'sim/sim-small' } });
    expect(logsLink('day', row({ group: '2026-12-06' }))).toEqual({
      name: 'logs',
      query: { from: '2026-12-06T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' },
    });
    expect(logsLink('route', row({ group: '' }))).toBeUndefined();
  });

  it('exports raw numbers, with the key id when grouped by key', () => {
    const csv = usageCsv('key', [row({ group: 'app, main', keyId: 'k1' })]).split('\r\n');
    expect(csv[0]).toBe(
      '\uFEFFkey,key_id,requests,errors,error_rate,input_tokens,output_tokens,cost_usd,latency_p50_ms,latency_p95_ms,latency_p99_ms,ttft_p50_ms',
    );
    expect(csv[1]).toBe('"app, main",k1,4,1,0.25,100,200,0.0012,110,300,320,');
    expect(usageCsv('model', [row({})]).split('\r\n')[0]).not.toContain('key_id');
  });
});
