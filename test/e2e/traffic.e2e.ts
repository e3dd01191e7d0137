import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { fitsWidth, launchBrowser, SHOTS } from './browser.js';
import { ensureSimulator, type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Text a model or a client wrote reaches the console as data: it must show as text, never run.
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

interface UsageRow {
  group: string;
  requests: number;
  errors: number;
  costUsd: number;
}

// Overview, Logs and Usage against a real server with traffic sent through the simulator.
describe('console traffic pages in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let sent = 0;
  let failedIds: string[] = [];

  const api = async (path: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') => {
    const res = await server.request(path, { method, json });
    const body = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  beforeAll(async () => {
    server = await startServer();
    await ensureSimulator(server);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('greets a server without traffic with the steps to its first request', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-token-input').fill(server.adminToken);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('traffic').getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('traffic').getByTestId('empty-state').textContent()).toMatch(/No traffic yet\..*Next:.*gateway key/s);
    // The steps come first while there is no traffic.
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="getting-started"], [data-testid="traffic"]')].map((e) => e.getAttribute('data-testid')),
    );
    expect(order).toEqual(['getting-started', 'traffic']);
    await page.screenshot({ path: `${SHOTS}30-overview-empty.png`, fullPage: true });
  });

  it('sends traffic through the simulator: a route that captures bodies, direct models, a stream and failures', async () => {
    await api('/api/providers', {
      name: 'flaky',
      kind: 'simulator',
      options: { models: { broken: { errorRate: 1, latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: 1e9 } } } },
      models: [{ model: 'broken' }],
    });
    await api('/api/routes', { alias: 'support-bot', reason: 'launch', targets: [{ model: 'sim/sim-instant', weight: 100 }], capture: { bodies: true } });
    // A live experiment splits the route's traffic: its requests are tagged, and the Overview lists it as running.
    await api('/api/graders', { name: 'nonempty', type: 'regex', config: { pattern: '\\w' } });
    await api('/api/experiments', {
      name: 'bot-split',
      kind: 'live',
      route: 'support-bot',
      variants: [
        { name: 'control', model: 'support-bot', weight: 50 },
        { name: 'cand', model: 'sim/sim-small', weight: 50 },
      ],
      graders: ['nonempty'],
    });
    const { secret } = await api('/api/keys', { name: 'web-app' });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
    for (let i = 0; i < 6; i++) {
      await client.chat.completions.create({ model: 'support-bot', messages: [{ role: 'user', content: `Ticket ${i}: ${HOSTILE}` }] });
      sent++;
    }
    for (let i = 0; i < 3; i++) {
      await client.chat.completions.create({ model: 'sim/sim-small', messages: [{ role: 'user', content: `Direct ${i}` }] });
      sent++;
    }
    const stream = await client.chat.completions.create({ model: 'sim/sim-instant', stream: true, messages: [{ role: 'user', content: 'Stream please' }] });
    for await (const _chunk of stream) void _chunk;
    sent++;
    for (let i = 0; i < 2; i++) {
      const res = await client.chat.completions.create({ model: 'flaky/broken', messages: [{ role: 'user', content: 'Will fail' }] }).catch((e: unknown) => e);
      expect(res).toBeInstanceOf(OpenAI.APIError);
      sent++;
    }
    const deadline = Date.now() + 10_000;
    let logged: Array<{ requestId: string; status: number }> = [];
    while (Date.now() < deadline) {
      logged = await api('/api/requests?limit=100');
      if (logged.length >= sent) break;
      await sleep(200);
    }
    expect(logged).toHaveLength(sent);
    failedIds = logged.filter((r) => r.status >= 400).map((r) => r.requestId);
    expect(failedIds).toHaveLength(2);
  });

  it('shows requests, error rate, latency and spend, with charts over time and the busiest routes and models', async () => {
    // Still on the Overview since the first test: its Refresh reads the figures and the experiments again.
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('traffic-refresh').click();
    const figures = page.getByTestId('overview-figures');
    await figures.waitFor();
    await expectText(figures.getByTestId('overview-requests').getByTestId('overview-value'), new RegExp(`^${sent}$`));
    await expectText(figures.getByTestId('overview-error-rate').getByTestId('overview-value'), /^1[0-9]\.\d%$/);
    await expectText(figures.getByTestId('overview-latency').getByTestId('overview-value'), /ms|s/);
    await expectText(figures.getByTestId('overview-spend-today').getByTestId('overview-value'), /^\$/);
    await expectText(figures.getByTestId('overview-spend-month').getByTestId('overview-value'), /^\$/);
    for (const chart of ['chart-requests', 'chart-latency', 'chart-spend']) await page.getByTestId(chart).locator('[role="img"] svg').waitFor();
    // The chart's accessible name says what it shows.
    expect(await page.getByTestId('chart-requests').getByRole('img').getAttribute('aria-label')).toMatch(new RegExp(`Requests: ${sent} in all`));
    await page.getByTestId('top-routes').getByTestId('bar-row').filter({ hasText: 'support-bot' }).waitFor();
    expect(await page.getByTestId('top-models').getByTestId('bar-row').count()).toBe(3);
    await page.getByTestId('activity-experiment').filter({ hasText: 'bot-split' }).getByText('running').waitFor();
    // With traffic, the steps move below the figures.
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="getting-started"], [data-testid="traffic"]')].map((e) => e.getAttribute('data-testid')),
    );
    expect(order).toEqual(['traffic', 'getting-started']);
    await page.screenshot({ path: `${SHOTS}31-overview-traffic.png`, fullPage: true });

    await page.getByTestId('traffic-split').selectOption('route');
    // The legend is drawn in the chart's SVG.
    await page.getByTestId('chart-requests').locator('svg text').filter({ hasText: 'support-bot' }).first().waitFor();

    // The charts follow the theme: their text takes the dark theme's colour when the system switches.
    const LABEL = '[data-testid="chart-latency"] svg text';
    const lightFill = await page.locator(LABEL).first().getAttribute('fill');
    expect(lightFill).toBeTruthy();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(([sel, before]) => document.querySelector(sel!)?.getAttribute('fill') !== before, [LABEL, lightFill]);
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.screenshot({ path: `${SHOTS}32-overview-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('chart-requests').locator('svg').first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}33-overview-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('filters the log by route and status in the address, and opens a request from the keyboard', async () => {
    await page.getByTestId('nav-logs').click();
    await page.getByTestId('log-row').first().waitFor();
    await expectText(page.getByTestId('log-count'), new RegExp(`^${sent} requests loaded`));

    await page.getByTestId('log-filter-route').selectOption('support-bot');
    await page.waitForURL(/route=support-bot/);
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^6 requests loaded/ })
      .waitFor();
    expect(await page.getByTestId('log-row').count()).toBe(6);

    const experiment = (await api('/api/experiments/bot-split')) as { id: string };
    const tagged = (await api(`/api/requests?limit=100&experimentId=${experiment.id}`)) as unknown[];
    expect(tagged.length).toBeGreaterThan(0);
    await page.getByTestId('log-filter-experiment').selectOption({ label: 'bot-split' });
    await page.waitForURL(new RegExp(`experiment=${experiment.id}`));
    await page
      .getByTestId('log-count')
      .filter({ hasText: new RegExp(`^${tagged.length} requests? loaded`) })
      .waitFor();
    expect(await page.getByTestId('log-experiment').first().textContent()).toMatch(/^bot-split · (control|cand)$/);
    await page.getByTestId('log-filter-experiment').selectOption('');

    await page.getByTestId('log-filter-route').selectOption('');
    await page.getByTestId('log-filter-status').selectOption('error');
    await page.waitForURL((u) => u.searchParams.get('status') === 'error' && !u.searchParams.has('route'));
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^2 requests loaded/ })
      .waitFor();
    expect((await page.getByTestId('log-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')))).sort()).toEqual([...failedIds].sort());
    // A filtered view survives a reload: the filters are in the address.
    await page.reload();
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^2 requests loaded/ })
      .waitFor();
    expect(await page.getByTestId('log-filter-status').inputValue()).toBe('error');

    await page.getByTestId('log-filter-model').fill('flaky/broken');
    await page.getByTestId('log-filter-model').press('Enter');
    await page.waitForURL(/model=flaky%2Fbroken|model=flaky\/broken/);
    await page.getByTestId('log-filter-time').selectOption('1h');
    await page.waitForURL(/since=1h/);
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^2 requests loaded/ })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}34-logs-errors.png`, fullPage: true });

    const first = page.getByTestId('log-open').first();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="log-row"]')?.getAttribute('data-request-id'))).toBe(
      await page.getByTestId('log-row').nth(1).getAttribute('data-request-id'),
    );
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('request-drawer');
    await drawer.getByTestId('drawer-error').waitFor();
    expect(await drawer.getByTestId('drawer-status').textContent()).toMatch(/^5\d\d error$/);
    expect(await drawer.getByTestId('attempt').first().getAttribute('data-outcome')).toBe('failed');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('log-open');
  });

  it('shows a captured request with its attempts, tokens, cost and bodies as text', async () => {
    await page.goto(`${server.url}/logs?route=support-bot`);
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^6 requests loaded/ })
      .waitFor();
    await page.getByTestId('log-search').fill('support');
    await page.getByTestId('log-open').first().click();
    const drawer = page.getByTestId('request-drawer');
    await drawer.getByTestId('drawer-request-body').waitFor();
    expect(await drawer.getByTestId('drawer-request-body').textContent()).toContain('<img src=x onerror=');
    expect(await drawer.getByTestId('drawer-response-body').textContent()).toMatch(/choices/);
    expect(await drawer.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await drawer.getByTestId('drawer-tokens').textContent()).toMatch(/\d+ \/ \d+/);
    expect(await drawer.getByTestId('drawer-cost').textContent()).toMatch(/^\$|unknown price/);
    expect(await drawer.getByTestId('attempt').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}35-logs-drawer.png` });
    await drawer.getByTestId('drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // On a phone the table scrolls inside its frame and the drawer takes the whole width.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await fitsWidth(page)).toBe(true);
    await page.getByTestId('log-open').first().click();
    await drawer.getByTestId('drawer-request-body').waitFor();
    expect(await drawer.evaluate((d) => Math.round(d.getBoundingClientRect().width))).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}35b-logs-drawer-narrow.png` });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('shows spend and tokens by model, key, route and day, and exports them as CSV', async () => {
    await page.getByTestId('nav-usage').click();
    await page.getByTestId('usage-row').first().waitFor();
    const byModel = (await api('/api/usage/summary?groupBy=model')).rows as UsageRow[];
    expect(await page.getByTestId('usage-row').count()).toBe(byModel.length);
    await page.getByTestId('usage-chart').getByTestId('bar-row').first().waitFor();
    // And over time, one line per model.
    await page.getByTestId('usage-metric').selectOption('requests');
    const overTime = page.getByTestId('usage-over-time').getByRole('img');
    await overTime.locator('svg').first().waitFor();
    // Its name says each line's figures: one per model.
    expect((await overTime.getAttribute('aria-label'))!.split('; ')).toHaveLength(byModel.length);

    const download = page.waitForEvent('download');
    await page.getByTestId('usage-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^usage-by-model-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await file.path())!, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['model', 'requests', 'errors', 'error_rate']);
    expect(lines).toHaveLength(byModel.length + 1);
    const header = lines[0]!.split(',');
    const csvRows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
    for (const r of byModel) {
      const line = csvRows.find((c) => c.model === r.group)!;
      expect(line).toBeDefined();
      expect(Number(line.requests)).toBe(r.requests);
      expect(Number(line.errors)).toBe(r.errors);
      expect(Number(line.cost_usd)).toBeCloseTo(r.costUsd, 12);
    }

    await page.getByTestId('usage-group').selectOption('key');
    await page.waitForURL(/by=key/);
    await page.getByTestId('usage-row').filter({ hasText: 'web-app' }).waitFor();
    await page.getByTestId('usage-over-time').locator('svg').first().waitFor();
    await page.getByTestId('usage-metric').selectOption('tokens');
    await page.getByTestId('usage-group').selectOption('day');
    await page.getByTestId('usage-chart').getByRole('img').locator('svg').waitFor();
    const today = page.getByTestId('usage-row').first();
    await expectText(today.locator('th'), new RegExp(`^\\s*${new Date().toISOString().slice(0, 10)}\\s*$`));
    expect(await today.locator('td').first().textContent()).toBe(String(sent));
    await page.screenshot({ path: `${SHOTS}36-usage-day.png`, fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('usage-group').selectOption('route');
    await page.getByTestId('usage-row').filter({ hasText: 'support-bot' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}37-usage-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(errors).toEqual([]);
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, pattern: RegExp): Promise<void> {
  await locator.waitFor();
  expect(await locator.textContent()).toMatch(pattern);
}
