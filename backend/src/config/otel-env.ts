import type { TelemetryConfig } from './config.types.js';

/** The standard OpenTelemetry variables Switchyard reads (the SDK's own names, not SWITCHYARD_*). */
export const OTEL_SETTINGS = [
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_BSP_SCHEDULE_DELAY',
] as const;

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

const httpUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** `key1=value1,key2=value2` with percent-encoded values (the W3C baggage format the OTel spec uses for these lists). */
function keyValues(v: string | undefined, setting: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v) return out;
  for (const part of v.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!key) {
      problems.push(`${setting} must be a comma-separated list of key=value pairs`);
      return out;
    }
    try {
      out[key] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      problems.push(`${setting}: the value of ${key} is not valid percent-encoding`);
    }
  }
  return out;
}

/**
 * Reads the OpenTelemetry trace settings. Traces are on only when an OTLP endpoint is set (and neither
 * OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none turns them off); otherwise `value` is undefined and the
 * SDK is never loaded. Exports use OTLP over HTTP with JSON bodies. Endpoints and header values are never echoed in problems (they may hold credentials).
 */
export function readOtelEnv(env: Record<string, string | undefined>): { value?: TelemetryConfig; problems: string[] } {
  const problems: string[] = [];
  const get = (k: (typeof OTEL_SETTINGS)[number]) => (env[k] === '' ? undefined : env[k]?.trim());
  const disabled = get('OTEL_SDK_DISABLED');
  if (disabled && !['true', 'false'].includes(disabled.toLowerCase()))
    problems.push(`OTEL_SDK_DISABLED must be true or false (got ${JSON.stringify(disabled)})`);
  const exporter = get('OTEL_TRACES_EXPORTER');
  if (exporter && !['otlp', 'none'].includes(exporter)) {
    problems.push(`OTEL_TRACES_EXPORTER must be otlp or none: Switchyard exports traces over OTLP only (got ${JSON.stringify(exporter)})`);
  }
  const base = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  const traces = get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  for (const [k, v] of [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', base],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces],
  ] as const) {
    if (v !== undefined && !httpUrl(v)) problems.push(`${k} must be a URL starting with http:// or https://`);
  }
  const protocol = get('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? get('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol && protocol !== 'http/json') {
    problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL must be http/json: Switchyard exports OTLP over HTTP with JSON bodies (got ${JSON.stringify(protocol)})`);
  }
  const sampler = (get('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on').toLowerCase();
  if (!(SAMPLERS as readonly string[]).includes(sampler))
    problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')} (got ${JSON.stringify(sampler)})`);
  const arg = get('OTEL_TRACES_SAMPLER_ARG');
  const ratio = arg === undefined ? 1 : Number(arg);
  if (sampler.endsWith('traceidratio') && !(Number.isFinite(ratio) && ratio >= 0 && ratio <= 1)) {
    problems.push(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got ${JSON.stringify(arg)})`);
  }
  const delay = get('OTEL_BSP_SCHEDULE_DELAY');
  if (delay !== undefined && !/^\d+$/.test(delay))
    problems.push(`OTEL_BSP_SCHEDULE_DELAY must be a whole number of milliseconds (got ${JSON.stringify(delay)})`);
  const headers = { ...keyValues(get('OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS', problems) };
  Object.assign(headers, keyValues(get('OTEL_EXPORTER_OTLP_TRACES_HEADERS'), 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', problems));
  const resource = keyValues(get('OTEL_RESOURCE_ATTRIBUTES'), 'OTEL_RESOURCE_ATTRIBUTES', problems);
  if (problems.length) return { problems };

  const endpoint = traces ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!endpoint || disabled?.toLowerCase() === 'true' || exporter === 'none') return { problems };
  return {
    problems,
    value: {
      tracesUrl: endpoint,
      headers,
      serviceName: get('OTEL_SERVICE_NAME') ?? resource['service.name'] ?? 'switchyard',
      resourceAttributes: resource,
      sampler: { name: sampler as TelemetryConfig['sampler']['name'], ratio },
      scheduleDelayMs: delay === undefined ? undefined : Number(delay),
    },
  };
}
