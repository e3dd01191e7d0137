import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { fitsWidth, launchBrowser, SHOTS } from './browser.js';
import { ensureSimulator, type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The Datasets page (versions, a dataset made from captured traffic) and cache hits on the Logs page,
// against a real server with requests sent through the gateway to the simulator.
describe('datasets from traffic and cache hits in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let secret: string;
  const errors: string[] = [];

  const api = async (path: string, json?: unknown) => {
    const res = await server.request(path, { method: json === undefined ? 'GET' : 'POST', json });
    const body = await res.json();
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const chat = async (model: string, content: string) => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });
    expect(res.status).toBe(200);
    await res.json();
    return res.headers.get('x-switchyard-cache');
  };
  /** The request log is written in batches: waits until `count` requests of `route` are in it. */
  const logged = async (route: string, count: number) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (((await api(`/api/requests?route=${route}&limit=100`)) as unknown[]).length >= count) return;
      await sleep(200);
    }
    throw new Error(`${count} requests of ${route} were never logged`);
  };

  beforeAll(async () => {
    server = await startServer();
    await ensureSimulator(server);
    secret = (await api('/api/keys', { name: 'datasets-e2e' })).secret;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says no route captures bodies, and when nothing matched, points at the Routes page and keeps no empty dataset', async () => {
    await api('/api/routes', { alias: 'private', targets: [{ model: 'sim/sim-instant', weight: 100 }] });
    await chat('private', 'not stored');
    await page.goto(`${server.url}/datasets`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-token-input').fill(server.adminToken);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/datasets$/);
    await expectText(page.getByTestId('traffic-no-capture'), /No route keeps request bodies yet/);
    expect(await page.getByTestId('traffic-route').locator('option').allTextContents()).toEqual(['Every route', 'private (capture off)']);

    await page.getByTestId('traffic-name').fill('private-cases');
    await page.getByTestId('traffic-route').selectOption('private');
    await page.getByTestId('traffic-submit').click();
    await expectText(page.getByTestId('traffic-empty'), /No captured request matches\..*capture\.bodies=true.*Next:.*Routes page/s);
    await page.screenshot({ path: `${SHOTS}40-datasets-no-traffic.png`, fullPage: true });
    expect(((await api('/api/datasets')) as Array<{ name: string }>).map((d) => d.name)).not.toContain('private-cases');
    await page.getByTestId('traffic-routes-link').click();
    await page.waitForURL(/\/routes$/);
  });

  it('makes a dataset from captured traffic, a second version from more of it, and previews and exports the older one', async () => {
    await api('/api/routes', { alias: 'support-bot', targets: [{ model: 'sim/sim-instant', weight: 100 }], capture: { bodies: true } });
    for (let i = 0; i < 5; i++) await chat('support-bot', `Ticket ${i}: my order has not arrived`);
    await logged('support-bot', 5);

    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('traffic-form').waitFor();
    await page.getByTestId('traffic-no-capture').waitFor({ state: 'detached' });
    // A range that ends before it starts is refused next to the field, before anything is sent.
    await page.getByTestId('traffic-name').fill('support-cases');
    await page.getByTestId('traffic-route').selectOption('support-bot');
    await page.getByTestId('traffic-to').fill('2020-01-01T00:00');
    await page.getByTestId('traffic-limit').fill('0');
    await page.getByTestId('traffic-submit').click();
    await expectText(page.getByTestId('traffic-to-error'), /after/);
    await expectText(page.getByTestId('traffic-limit-error'), /whole number/);
    expect(await page.getByTestId('traffic-to').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SHOTS}41-datasets-traffic-errors.png`, fullPage: true });

    await page.getByTestId('traffic-to').fill('');
    await page.getByTestId('traffic-limit').fill('2');
    await page.getByTestId('traffic-submit').click();
    await expectText(page.getByTestId('traffic-result'), /Version 1 of support-cases made from captured traffic: 2 records read, all imported/);
    await page.getByTestId('item-preview').locator('h2').filter({ hasText: 'support-cases v1' }).waitFor();
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^2 items$/ })
      .waitFor();
    expect(await page.getByTestId('item-row').first().textContent()).toContain('Ticket 0');

    await page.getByTestId('traffic-limit').fill('10');
    await page.getByTestId('traffic-keep-expected').uncheck();
    await page.getByTestId('traffic-submit').click();
    await expectText(page.getByTestId('traffic-result'), /Version 2 of support-cases made from captured traffic: 5 records read/);
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^5 items$/ })
      .waitFor();
    // The new version has no expected answers; the version list says where each came from.
    const versions = page.getByTestId('version-row');
    await page.getByTestId('version-row').nth(1).waitFor();
    expect(await versions.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['2', '1']);
    expect(await page.getByTestId('version-source').allTextContents()).toEqual(['Captured traffic', 'Captured traffic']);
    expect(await versions.first().getAttribute('aria-current')).toBe('true');
    expect(await versions.nth(1).textContent()).toMatch(/2\s*2 with expected/);
    expect(await page.getByTestId('dataset-row').filter({ hasText: 'support-cases' }).textContent()).toMatch(/v2/);
    await page.screenshot({ path: `${SHOTS}42-datasets-versions.png`, fullPage: true });

    // The older version, from the keyboard.
    await versions.nth(1).getByTestId('version-preview').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('item-preview').locator('h2').filter({ hasText: 'support-cases v1' }).waitFor();
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^2 items$/ })
      .waitFor();
    expect(await versions.nth(1).getAttribute('aria-current')).toBe('true');
    await page.getByTestId('item-search').fill('Ticket 1');
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^1 item$/ })
      .waitFor();
    expect(await page.getByTestId('item-row').textContent()).toContain('Ticket 1');
    await page.screenshot({ path: `${SHOTS}43-datasets-older-version.png`, fullPage: true });

    const download = page.waitForEvent('download');
    await versions.nth(1).getByTestId('version-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('support-cases-v1.jsonl');
    const items = (await readFile((await file.path())!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { input: { messages: Array<{ content: string }> }; expected?: string; metadata: { route: string } });
    expect(items.map((i) => i.input.messages[0]!.content)).toEqual(['Ticket 0: my order has not arrived', 'Ticket 1: my order has not arrived']);
    expect(items.every((i) => typeof i.expected === 'string' && i.metadata.route === 'support-bot')).toBe(true);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('version-list').scrollIntoViewIfNeeded();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}44-datasets-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });

    // v1, previewed and used by no experiment, is deleted after a confirmation; the preview moves to v2.
    await versions.nth(1).getByTestId('version-delete').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expectText(dialog, /Delete v1 of support-cases\?.*Version v1 of support-cases and its 2 items are deleted for good/s);
    await page.screenshot({ path: `${SHOTS}48-datasets-delete-version.png` });
    await dialog.getByTestId('confirm-accept').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="version-row"][data-version="1"]').waitFor({ state: 'detached' });
    expect(await versions.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['2']);
    await page.getByTestId('item-preview').locator('h2').filter({ hasText: 'support-cases v2' }).waitFor();
    expect(((await api('/api/datasets/support-cases')) as { versions: Array<{ version: number }> }).versions.map((v) => v.version)).toEqual([2]);
  });

  it('says how many records an upload read, imported and skipped, with the skipped ones by line', async () => {
    const line = (i: number) => JSON.stringify({ input: { question: `What is ${i} + 1?` }, expected: String(i + 1) });
    const file = [line(1), line(2), '{"input": {"question": }', line(4), '{"expected": "5"}'].join('\n');
    await page.getByTestId('upload-file').setInputFiles({ name: 'math.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
    await page.getByTestId('upload-skip-invalid').check();
    await page.getByTestId('upload-submit').click();
    await expectText(page.getByTestId('upload-summary'), /^5 records read: 3 items imported, 2 invalid records skipped\.$/);
    const skipped = await page.getByTestId('upload-skipped').locator('li').allTextContents();
    expect(skipped[0]).toMatch(/^line 3/);
    expect(skipped.at(-1)).toMatch(/^line 5/);
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^3 items$/ })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}45-datasets-upload-skipped.png`, fullPage: true });
  });

  it('badges cache hits in the log and its drawer, and filters the log by cache outcome', async () => {
    await api('/api/routes', { alias: 'faq', targets: [{ model: 'sim/sim-instant', weight: 100 }], cache: { enabled: true, ttlSeconds: 600 } });
    expect(await chat('faq', 'Opening hours?')).toBe('miss');
    expect(await chat('faq', 'Opening hours?')).toBe('hit');
    await logged('faq', 2);

    await page.getByTestId('nav-logs').click();
    await page.getByTestId('log-row').first().waitFor();
    // Only the one hit in the whole log carries the badge.
    expect(await page.getByTestId('log-cache-hit').count()).toBe(1);
    await page.getByTestId('log-filter-cache').selectOption('hit');
    await page.waitForURL(/cache=hit/);
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^1 request loaded/ })
      .waitFor();
    const row = page.getByTestId('log-row');
    expect(await row.getByTestId('log-cache-hit').textContent()).toBe('cache hit');
    await page.screenshot({ path: `${SHOTS}46-logs-cache-hits.png`, fullPage: true });
    await row.getByTestId('log-open').click();
    const drawer = page.getByTestId('request-drawer');
    await drawer.getByTestId('drawer-cache-hit').waitFor();
    expect(await drawer.getByTestId('drawer-cache').textContent()).toMatch(/Answered from the response cache/);
    await page.screenshot({ path: `${SHOTS}47-logs-cache-hit-drawer.png` });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByTestId('log-filter-cache').selectOption('miss');
    await page.waitForURL(/cache=miss/);
    // The hit filter showed one request too, so its count proves nothing: the miss has replaced the hit once
    // the hit's badge has gone (a filter that still showed hits would time out here).
    await page.getByTestId('log-cache-hit').waitFor({ state: 'detached' });
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^1 request loaded/ })
      .waitFor();
    expect(await page.getByTestId('log-row').count()).toBe(1);
    expect(await page.getByTestId('log-cache-hit').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.waitFor();
  expect(await locator.textContent()).toMatch(pattern);
}
