import type { Browser, Page } from 'playwright-core';
import { fitsWidth, launchBrowser, SHOTS } from './browser.js';
import OpenAI from 'openai';
import { type RunningServer, startServer } from '../support/server.js';

describe('console in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks for the admin token and refuses a wrong one', async () => {
    await page.goto(`${server.url}/providers`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-token-input').fill('wrong-token-value');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), /not valid/i);
    await page.screenshot({ path: `${SHOTS}01-login-error.png` });
  });

  it('signs in and returns to the page that was asked for', async () => {
    await page.getByTestId('login-token-input').fill(server.adminToken);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/providers$/);
    await page.screenshot({ path: `${SHOTS}02-providers.png` });
  });

  it('adds a simulator provider whose models are labelled simulated', async () => {
    await page.getByTestId('add-provider-open').click();
    const before = await page.getByTestId('provider-row').count();
    await page.getByTestId('add-provider-name').fill('browser-sim');
    await page.getByTestId('add-provider-kind').selectOption('simulator');
    await page.getByTestId('add-provider-submit').click();
    await page.getByTestId('provider-row').filter({ hasText: 'browser-sim' }).waitFor();
    expect(await page.getByTestId('provider-row').count()).toBe(before + 1);
    expect(await page.getByTestId('simulated-badge').count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOTS}03-providers-sim.png`, fullPage: true });
  });

  it('creates a key whose secret, shown once, works against /v1', async () => {
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('key-name').fill('browser test');
    await page.getByTestId('key-create').click();
    const secret = (await page.getByTestId('key-secret').textContent())!.trim();
    expect(secret).toMatch(/^sy-/);
    await page.screenshot({ path: `${SHOTS}04-key-created.png` });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'browser-sim/sim-instant', messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
    expect(res.choices[0].message.content).toBeTruthy();
  });

  it('shows routes, compares two versions and rolls back', async () => {
    const route = (method: string, path: string, json: unknown) => server.request(`/api/routes${path}`, { method, json });
    await route('POST', '', { alias: 'browser-route', reason: 'launch', targets: [{ model: 'browser-sim/sim-small', weight: 100 }] });
    await route('PUT', '/browser-route', {
      reason: 'try the large model',
      targets: [
        { model: 'browser-sim/sim-small', weight: 70 },
        { model: 'browser-sim/sim-large', weight: 30 },
      ],
    });
    await page.getByTestId('nav-routes').click();
    const row = page.getByTestId('route-row').filter({ hasText: 'browser-route' });
    await row.waitFor();
    expect(await row.getByTestId('route-target').count()).toBe(2);
    await page.getByTestId('route-history-browser-route').click();
    await page.getByTestId('diff-change').first().waitFor();
    const diff = (await page.getByTestId('diff').textContent())!;
    expect(diff).toContain('targets[browser-sim/sim-large] added');
    expect(diff).toContain('targets[browser-sim/sim-small].weight: 100 → 70');
    await page.screenshot({ path: `${SHOTS}05-route-history.png`, fullPage: true });
    await page.getByTestId('rollback-1').click();
    await page.getByTestId('rollback-reason').fill('large model too slow');
    await page.getByRole('button', { name: 'Roll back', exact: true }).click();
    await page.getByTestId('route-version').filter({ hasText: 'rollback to v1' }).waitFor();
    const current = await (await server.request('/api/routes/browser-route')).json();
    expect(current).toMatchObject({ currentVersion: 3, current: { rollbackOf: 1, reason: 'large model too slow' } });
    expect(await row.getByTestId('route-target').count()).toBe(1);
  });

  it('creates a route in the form (weights checked before saving) and changes it as a new version', async () => {
    await page.getByTestId('nav-routes').click();
    await page.getByTestId('route-new').click();
    await page.getByTestId('route-alias').fill('form-route');
    await page.getByTestId('route-target-model').first().selectOption('browser-sim/sim-small');
    await page.getByTestId('route-target-weight').first().fill('80');
    await expectText(page.getByTestId('route-form-checks'), /Weights must add up to 100 \(now 80\)/);
    expect(await page.getByTestId('route-save').isDisabled()).toBe(true);
    await page.getByTestId('route-add-target').click();
    await page.getByTestId('route-target-model').nth(1).selectOption('browser-sim/sim-large');
    await page.getByTestId('route-target-weight').nth(1).fill('20');
    await page.getByTestId('route-reason').fill('from the console');
    await page.getByTestId('route-save').click();
    await page.getByTestId('route-row').filter({ hasText: 'form-route' }).waitFor();
    const created = await (await server.request('/api/routes/form-route')).json();
    expect(created.current).toMatchObject({ version: 1, reason: 'from the console' });
    expect(created.current.spec.targets).toEqual([
      { model: 'browser-sim/sim-small', weight: 80 },
      { model: 'browser-sim/sim-large', weight: 20 },
    ]);

    await page.getByTestId('route-edit-form-route').click();
    await page.getByTestId('route-target-weight').first().fill('50');
    await page.getByTestId('route-target-weight').nth(1).fill('50');
    await page.getByTestId('route-save').click();
    await page.getByTestId('route-version').filter({ hasText: 'v2' }).waitFor();
    const changed = await (await server.request('/api/routes/form-route')).json();
    expect(changed.current.spec.targets.map((t: { weight: number }) => t.weight)).toEqual([50, 50]);
    await page.screenshot({ path: `${SHOTS}05b-route-form.png`, fullPage: true });
  });

  it('uploads a dataset, lists its errors by line, and previews it with search', async () => {
    await page.getByTestId('nav-datasets').click();
    const line = (i: number) => JSON.stringify({ input: { question: `What is ${i} + 1?` }, expected: String(i + 1) });
    const broken = [line(1), line(2), '{"input": {"question": }', line(4)].join('\n');
    await page.getByTestId('upload-file').setInputFiles({ name: 'math.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(broken) });
    expect(await page.getByTestId('upload-name').inputValue()).toBe('math');
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-error').waitFor();
    expect(await page.getByTestId('upload-error').textContent()).toContain('nothing was imported');
    expect(await page.getByTestId('upload-problems').textContent()).toMatch(/line 3\s*is not valid JSON/);
    await page.screenshot({ path: `${SHOTS}06-dataset-errors.png`, fullPage: true });

    const good = Array.from({ length: 45 }, (_, i) => line(i)).join('\n');
    await page.getByTestId('upload-file').setInputFiles({ name: 'math.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(good) });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-result').waitFor();
    expect(await page.getByTestId('upload-result').textContent()).toMatch(/Version 1 of math: 45 records read, all imported/);
    await page.getByTestId('item-preview').waitFor();
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^45 items$/ })
      .waitFor();
    expect(await page.getByTestId('item-row').count()).toBe(20);
    await page.getByTestId('item-search').fill('What is 42 ');
    await page
      .getByTestId('item-total')
      .filter({ hasText: /^1 item$/ })
      .waitFor();
    expect(await page.getByTestId('item-row').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}07-dataset-preview.png`, fullPage: true });
    expect(await page.getByTestId('dataset-row').filter({ hasText: 'math' }).count()).toBe(1);
  });

  it('tries a grader on a sample answer, names a bad config by path, and saves it', async () => {
    await page.getByTestId('nav-graders').click();
    await page.getByTestId('grader-row').first().waitFor();
    expect(await page.getByTestId('grader-row').filter({ hasText: 'numeric-answer' }).count()).toBe(1);
    await page.getByTestId('grader-type').selectOption('numeric');
    // The JSON editor sends what it is given, so the server's check (named by path) is what refuses it.
    await page.getByTestId('config-mode-json').click();
    await page.getByTestId('grader-config').fill('{"absTolerance": -1}');
    await page.getByTestId('grader-output').fill('About 41.99 dollars');
    await page.getByTestId('grader-item').fill('{"input": {"q": "price?"}, "expected": "41.99"}');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('grader-problems'), /grader\.config\.absTolerance\s*must be >= 0/);
    await page.getByTestId('grader-config').fill('{"absTolerance": 0.01}');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('grader-result'), /Score 1\.00 — pass: 41\.99 ≈ 41\.99/);
    await page.getByTestId('grader-name').fill('price-check');
    await page.getByTestId('grader-save').click();
    await page.getByTestId('grader-row').filter({ hasText: 'price-check' }).waitFor();
    await page.screenshot({ path: `${SHOTS}08-graders.png`, fullPage: true });
  });

  it('shows usage by model, and keys with their limits and spend', async () => {
    await page.getByTestId('nav-usage').click();
    const row = page.getByTestId('usage-row').filter({ hasText: 'browser-sim/sim-instant' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/browser-sim\/sim-instant\s*1\s*0 \(0\.0%\)/);
    await server.request('/api/keys', { method: 'POST', json: { name: 'limited', limits: { requestsPerMinute: 60, dailyBudgetUsd: 5 } } });
    await page.getByTestId('nav-keys').click();
    await expectText(page.getByTestId('key-row').filter({ hasText: 'limited' }).getByTestId('key-limits'), /^60 req\/min · \$5\.00\/day$/);
    await page.screenshot({ path: `${SHOTS}09-usage-keys.png`, fullPage: true });
  });

  it('shows the system overview', async () => {
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('system-info').waitFor();
    await page.screenshot({ path: `${SHOTS}10-overview.png` });
    expect(errors).toEqual([]);
  });

  const EXPERIMENT = 'capitals-mini-vs-instant';

  it('shows an empty experiments list that says what to do next', async () => {
    await page.getByTestId('nav-experiments').click();
    await expectText(page.getByTestId('empty-state'), /No experiments yet\..*Next:.*New experiment/s);
    await page.screenshot({ path: `${SHOTS}11-experiments-empty.png` });
  });

  it('creates a dataset experiment in the wizard, after the API named a bad field next to it', async () => {
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-form').waitFor();
    await page.getByTestId('experiment-name').fill(EXPERIMENT);
    await page.getByTestId('experiment-dataset').selectOption('capital-cities');
    await page.getByTestId('experiment-variant-model').nth(0).selectOption('sim/sim-mini');
    await page.getByTestId('experiment-variant-model').nth(1).selectOption('sim/sim-instant');
    await page.getByTestId('experiment-grader-capital-exact').check();
    expect(await page.getByTestId('experiment-primary').inputValue()).toBe('capital-exact');
    // One call at a time keeps the run long enough (sim-mini answers in about 150 ms) to pause it below.
    await page.getByTestId('experiment-concurrency').fill('1');
    // Only the server knows the dataset has 162 items: its 400 names `stopping.n`, shown under that field.
    await page.getByTestId('experiment-stopping-n').fill('500');
    await page.getByTestId('experiment-submit').click();
    await expectText(page.getByTestId('experiment-error-stopping'), /^Results per variant is larger than the dataset version \(162 items\)$/);
    expect(await page.getByTestId('experiment-stopping-n').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('experiment-stopping-n');
    await page.screenshot({ path: `${SHOTS}12-experiment-field-error.png`, fullPage: true });
    expect((await server.request(`/api/experiments/${EXPERIMENT}`)).status).toBe(404);

    await page.getByTestId('experiment-stopping-n').fill('');
    await page.getByTestId('experiment-submit').click();
    await page.waitForURL(new RegExp(`/experiments/${EXPERIMENT}$`));
    const created = await (await server.request(`/api/experiments/${EXPERIMENT}`)).json();
    expect(created).toMatchObject({
      kind: 'dataset',
      total: 324,
      spec: { control: 'control', dataset: { name: 'capital-cities', version: 1 }, concurrency: 1 },
    });
  });

  it('shows the run live, pauses and resumes it, and watches it complete', async () => {
    await page.getByTestId('run-status').filter({ hasText: 'running' }).waitFor();
    await page.getByTestId('run-pause').click();
    await page.getByTestId('run-status').filter({ hasText: 'paused' }).waitFor();
    expect((await (await server.request(`/api/experiments/${EXPERIMENT}`)).json()).status).toBe('paused');
    await page.screenshot({ path: `${SHOTS}13-experiment-paused.png`, fullPage: true });
    await page.getByTestId('run-resume').click();
    await page.getByTestId('run-status').filter({ hasText: 'running' }).waitFor();
    await page
      .getByTestId('run-done')
      .filter({ hasText: /^\s*[1-9][\d,]* of 324/ })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}14-experiment-running.png` });
    await page.getByTestId('run-status').filter({ hasText: 'completed' }).waitFor({ timeout: 75_000 });
    await expectText(page.getByTestId('run-done'), /324 of 324 \(100%\)/);
    expect(await page.getByTestId('run-failed').textContent()).toBe('0');
    expect(await page.getByTestId('run-cost').textContent()).toMatch(/^\$0\.\d+$/);
  });

  it('reports the verdict in one sentence with intervals, the cost–quality chart and the answers side by side', async () => {
    const verdict = page.getByTestId('verdict-candidate');
    await verdict
      .getByTestId('verdict-reason')
      .filter({ hasText: /^candidate beats control on capital-exact pass rate by \+[\d.]+% \(95% CI .+, p = .+\)\.$/ })
      .waitFor();
    expect(await verdict.getByTestId('verdict-kind').textContent()).toBe('better');
    expect(await page.getByTestId('score-row').count()).toBe(2);
    // The charts are drawn (SVG) and named in words: the Pareto front and the latency percentiles with intervals.
    await page.getByTestId('score-chart').locator('[role="img"] svg').waitFor();
    expect(await page.getByTestId('difference-chart').getByRole('img').getAttribute('aria-label')).toMatch(
      /^Difference to control on capital-exact.+candidate: \+[\d.]+ pts/,
    );
    expect(await page.getByTestId('cost-quality-chart').getByRole('img').getAttribute('aria-label')).toMatch(/Pareto front/);
    await page.getByTestId('cost-quality-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('latency-chart').getByRole('img').getAttribute('aria-label')).toMatch(/^Latency per variant.+control: p50 [\d.]+ m?s \(/);
    expect(await page.getByTestId('variant-stats-row').count()).toBe(2);
    await page.getByTestId('result-row').first().waitFor();
    await expectText(page.getByTestId('results-range'), /^162 of 162 loaded$/);
    expect(await page.getByTestId('results-table').getAttribute('aria-rowcount')).toBe('163');
    // Only the rows in view, and a few around them, are in the DOM; scrolling the table brings the last ones.
    const drawn = async () => page.getByTestId('result-row').count();
    expect(await drawn()).toBeGreaterThan(2);
    expect(await drawn()).toBeLessThan(30);
    await page.screenshot({ path: `${SHOTS}15-experiment-report.png`, fullPage: true });
    await page.getByTestId('results-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.locator('[data-testid="result-row"][aria-rowindex="163"]').waitFor();
    expect(await drawn()).toBeLessThan(30);

    const count = async (query: string) => (await (await server.request(`/api/experiments/${EXPERIMENT}/results?limit=1&${query}`)).json()).total as number;
    const disagree = await count('disagree=true');
    const failing = await count('failing=candidate');
    expect(disagree).toBeGreaterThan(10);
    expect(failing).toBeGreaterThan(10);
    expect(failing).not.toBe(disagree);
    await page.getByTestId('results-filter').selectOption('disagree');
    await page
      .getByTestId('results-range')
      .filter({ hasText: `${disagree} of ${disagree} loaded` })
      .waitFor();
    for (const row of await page.getByTestId('result-row').all()) {
      const grades = await row.getByTestId('result-grade').allTextContents();
      expect(grades.sort()).toEqual(['fail', 'pass']);
    }
    await page.getByTestId('results-filter').selectOption('failing:candidate');
    await page
      .getByTestId('results-range')
      .filter({ hasText: `${failing} of ${failing} loaded` })
      .waitFor();
    for (const row of await page.getByTestId('result-row').all()) expect(await row.getByTestId('result-candidate').textContent()).toMatch(/fail/);

    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${EXPERIMENT}-results.csv`);
    const { readFile } = await import('node:fs/promises');
    const csv = (await readFile((await file.path())!, 'utf8')).trim().split('\n');
    expect(csv[0]).toContain('candidate.output');
    expect(csv).toHaveLength(163);
  });

  it('promotes the candidate on a route by a ramp, shows its live state, and rolls it back after confirming', async () => {
    const res = await server.request('/api/routes', {
      method: 'POST',
      json: { alias: 'capitals-bot', reason: 'launch', targets: [{ model: 'sim/sim-mini', weight: 100 }] },
    });
    expect(res.status).toBe(201);
    await page.getByTestId('promote-candidate').click();
    await page.getByTestId('promotion-form').waitFor();
    await page.getByTestId('promotion-route').selectOption('capitals-bot');
    await page.getByTestId('promotion-reason').fill('instant is right more often');
    await page.getByTestId('promotion-submit').click();
    const promotion = page.getByTestId('promotion');
    await promotion.getByTestId('promotion-status').filter({ hasText: 'ramping' }).waitFor();
    await expectText(promotion.getByTestId('promotion-share'), /^5% of capitals-bot's traffic goes to sim\/sim-instant — step 1 of 4\.\s*$/);
    const route = async () => (await (await server.request('/api/routes/capitals-bot')).json()).current.spec.targets;
    expect(await route()).toEqual([
      { model: 'sim/sim-instant', weight: 5 },
      { model: 'sim/sim-mini', weight: 95 },
    ]);

    await promotion.getByTestId('promotion-advance').click();
    await promotion
      .getByTestId('promotion-share')
      .filter({ hasText: /^25% .* step 2 of 4\.\s*$/ })
      .waitFor();
    await promotion.getByTestId('promotion-pause').click();
    await promotion.getByTestId('promotion-status').filter({ hasText: 'paused' }).waitFor();
    expect(await promotion.getByTestId('promotion-event').count()).toBe(3);
    await page.screenshot({ path: `${SHOTS}16-promotion-ramp.png`, fullPage: true });

    await promotion.getByTestId('promotion-rollback').click();
    const dialog = promotion.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await promotion.getByTestId('promotion-rollback-reason').fill('checking the fallback first');
    await page.screenshot({ path: `${SHOTS}17-promotion-confirm.png` });
    await dialog.getByTestId('confirm-accept').click();
    await promotion.getByTestId('promotion-status').filter({ hasText: 'rolled back' }).waitFor();
    await expectText(promotion.getByTestId('promotion-share'), /^0% of capitals-bot's traffic/);
    await promotion.getByTestId('promotion-event').filter({ hasText: 'checking the fallback first' }).waitFor();
    expect(await route()).toEqual([{ model: 'sim/sim-mini', weight: 100 }]);
    const [stored] = await (await server.request('/api/promotions')).json();
    expect(stored).toMatchObject({ route: 'capitals-bot', variant: 'candidate', status: 'rolled_back', reason: 'checking the fallback first' });
    await page.screenshot({ path: `${SHOTS}18-promotion-rolled-back.png`, fullPage: true });
  });

  it('lists the experiment with its status and progress, and fits a narrow screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('report').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}19-experiment-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByTestId('nav-experiments').click();
    const row = page.getByTestId('experiment-row').filter({ hasText: EXPERIMENT });
    await row.getByText('324 of 324').waitFor();
    expect(await row.getByTestId('experiment-status').textContent()).toBe('completed');
    await page.screenshot({ path: `${SHOTS}20-experiments-list.png` });
    expect(errors).toEqual([]);
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, pattern: RegExp): Promise<void> {
  await locator.waitFor();
  expect(await locator.textContent()).toMatch(pattern);
}
