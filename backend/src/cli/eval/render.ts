import type { Report } from '../../reports/report-builder.js';
import type { GateResult } from './gate.js';

const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const usd = (x: number) => (x === 0 ? '$0' : x < 0.01 ? `$${x.toPrecision(2)}` : `$${x.toFixed(2)}`);
const ms = (x: number | undefined) => (x === undefined ? '–' : `${Math.round(x)} ms`);

/** Lays rows out in columns padded to the widest cell (the first row is the header). */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Per variant: the primary metric with its 95% interval, pass rate, errors, cost, latency p95 and verdict. */
export function reportTable(report: Report): string {
  const pm = report.primaryMetric;
  const verdicts = new Map(report.verdicts.map((v) => [v.variant, v.verdict]));
  const rows = [
    ['variant', 'model', 'n', `${pm.grader} ${pm.measure === 'pass_rate' ? 'pass rate' : 'score'} (95% CI)`, 'errors', 'cost/req', 'cost', 'p95', 'verdict'],
  ];
  for (const v of report.variants) {
    const m = v.metrics[pm.grader];
    const iv = pm.measure === 'pass_rate' ? m?.passRate : m?.mean;
    const fmt = pm.measure === 'pass_rate' ? pct : (x: number) => x.toFixed(3);
    rows.push([
      v.name,
      v.model,
      String(v.n),
      iv ? `${fmt(iv.estimate)} (${fmt(iv.lo)}–${fmt(iv.hi)})` : '–',
      pct(v.errorRate.estimate),
      usd(v.costUsd.perRequest),
      usd(v.costUsd.total),
      ms(v.latencyMs.p95?.estimate),
      v.control ? 'control' : (verdicts.get(v.name) ?? '–'),
    ]);
  }
  return table(rows);
}

export function gateLines(g: GateResult): string {
  return [...g.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}\n    ${c.message}`), g.passed ? 'gate: passed' : 'gate: FAILED'].join('\n');
}

const xml = (s: string) =>
  s
    // Characters XML 1.0 cannot carry at all.
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** The gate as a JUnit XML report: one test case per check, a failure element for each check not met. */
export function junit(suite: string, g: GateResult, seconds: number): string {
  const failures = g.checks.filter((c) => !c.ok).length;
  const cases = g.checks.map((c) => {
    const open = `    <testcase classname="${xml(suite)}" name="${xml(c.name)}" time="0">`;
    return c.ok
      ? `${open}\n      <system-out>${xml(c.message)}</system-out>\n    </testcase>`
      : `${open}\n      <failure message="${xml(c.message)}" type="gate">${xml(c.message)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="switchyard eval" tests="${g.checks.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${xml(suite)}" tests="${g.checks.length}" failures="${failures}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
