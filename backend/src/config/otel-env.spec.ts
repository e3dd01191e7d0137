import { loadConfig } from './load-config.js';
import { readOtelEnv } from './otel-env.js';

describe('readOtelEnv', () => {
  it('leaves traces off (no config at all) when no endpoint is set', () => {
    expect(readOtelEnv({})).toEqual({ problems: [] });
    expect(readOtelEnv({ OTEL_SERVICE_NAME: 'gw', OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({ problems: [] });
    expect(loadConfig({}, { consoleDir: '/c' }).telemetry).toBeUndefined();
  });

  it('exports to <endpoint>/v1/traces as switchyard, parent-based always-on, by default', () => {
    expect(readOtelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).value).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      headers: {},
      serviceName: 'switchyard',
      resourceAttributes: {},
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      scheduleDelayMs: undefined,
    });
  });

  it('takes the traces endpoint as it is, and the signal-specific headers over the general ones', () => {
    const sut = readOtelEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://vendor.example/otlp/traces',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=general,x-team=a%20b',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-api-key=traces',
      OTEL_SERVICE_NAME: 'gateway-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=ignored',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    }).value;
    expect(sut).toEqual({
      tracesUrl: 'https://vendor.example/otlp/traces',
      headers: { 'x-api-key': 'traces', 'x-team': 'a b' },
      serviceName: 'gateway-eu',
      resourceAttributes: { 'deployment.environment': 'prod', 'service.name': 'ignored' },
      sampler: { name: 'parentbased_traceidratio', ratio: 0.25 },
      scheduleDelayMs: 100,
    });
    expect(readOtelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource' }).value?.serviceName).toBe(
      'from-resource',
    );
  });

  it.each([[{ OTEL_SDK_DISABLED: 'true' }], [{ OTEL_TRACES_EXPORTER: 'none' }]])('is off when %j says so, even with an endpoint', (off) => {
    expect(readOtelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', ...off })).toEqual({ problems: [] });
  });

  it('names every wrong setting, without echoing endpoints or headers', () => {
    const { value, problems } = readOtelEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://user:secret@c:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_EXPORTER_OTLP_HEADERS: 'novalue',
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_BSP_SCHEDULE_DELAY: 'soon',
    });
    expect(value).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(/^OTEL_TRACES_EXPORTER must be otlp or none/),
      'OTEL_EXPORTER_OTLP_ENDPOINT must be a URL starting with http:// or https://',
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_PROTOCOL must be http\/json/),
      expect.stringMatching(/^OTEL_TRACES_SAMPLER must be one of always_on, /),
      expect.stringMatching(/^OTEL_BSP_SCHEDULE_DELAY must be a whole number/),
      'OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs',
    ]);
    expect(problems.join(' ')).not.toMatch(/secret|novalue/);
    expect(readOtelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }).problems).toEqual([
      'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "2")',
    ]);
  });

  it('is read by loadConfig, whose problems list includes its own', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, { consoleDir: '/c' }).telemetry?.tracesUrl).toBe('http://c:4318/v1/traces');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', SWITCHYARD_ROLE: 'api' }, { consoleDir: '/c' })).toThrow(
      /needs REDIS_URL.*; OTEL_EXPORTER_OTLP_PROTOCOL must be http\/json/,
    );
  });
});
