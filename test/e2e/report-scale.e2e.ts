import type { Browser, Page, Route } from 'playwright-core';
import { launchBrowser, SHOTS } from './browser.js';
import { bigRun } from './report-fixture.js';
import { type RunningServer, startServer } from '../support/server.js';

// Issue 7's target: the report of 10 variants × 10 graders with a 1,000-row per-item table renders without
// jank. The API answers come from a fixture (page.route) so the numbers measure the console in a real browser.
const NAME = 'scale-run';
const VARIANTS = 10;
const GRADERS = 10;
const ITEMS = 1000;

describe('report at scale in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const run = bigRun(NAME, VARIANTS, GRADERS, ITEMS);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${server.url}/api/experiments/${NAME}**`, (route: Route) => {
      const url = new URL(route.request().url());
      const tail = url.pathname.slice(`/api/experiments/${NAME}`.length);
      const json = (body: unknown, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
      if (tail === '') return json(run.experiment);
      if (tail === '/progress') return json(run.progress);
      if (tail === '/report') return json(run.report);
      if (tail === '/results') return json(run.results(Number(url.searchParams.get('offset')), Number(url.searchParams.get('limit'))));
      // No event stream: the page falls back to reading /progress, which says the run is over.
      return json({ statusCode: 404, code: 'not-found', message: 'no stream here' }, 404);
    });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-token-input').fill(server.adminToken);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the charts and the first rows, with only a window of the 1,000 rows in the DOM', async () => {
    await page.goto(`${server.url}/experiments/${NAME}`);
    for (const chart of ['score-chart', 'cost-quality-chart', 'latency-chart']) await page.getByTestId(chart).locator('[role="img"] svg').waitFor();
    await page.getByTestId('result-row').first().waitFor();
    // Milliseconds from navigation to every chart drawn and the first rows in place (server on the same machine).
    const rendered = await page.evaluate(() => performance.now());

    expect(await page.getByTestId('score-row').count()).toBe(VARIANTS);
    expect(await page.getByTestId('variant-stats-row').count()).toBe(VARIANTS);
    expect(await page.getByTestId('variant-stats').locator('thead th').count()).toBe(6 + GRADERS);
    expect(await page.getByTestId('results-table').getAttribute('aria-rowcount')).toBe(String(ITEMS + 1));
    await page.getByTestId('results-total').filter({ hasText: '1,000 items' }).waitFor();
    const firstWindow = await page.getByTestId('result-row').count();
    expect(firstWindow).toBeLessThan(40);
    expect(await page.getByTestId('result-row').first().getByTestId('result-grade').count()).toBe(VARIANTS * GRADERS);
    await page.screenshot({ path: `${SHOTS}50-report-10x10.png`, fullPage: true });

    // Scroll the table to its end 400 px at a time, as a reader would: the time per frame while scrolling, and the most rows ever in the DOM.
    const scroll = await page.getByTestId('results-scroll').evaluate(async (el, lastRow) => {
      const gaps: number[] = [];
      let most = 0;
      let waits = 0;
      for (let step = 0; step < 2000 && waits < 200; step++) {
        const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
        if (atEnd && el.querySelector(`[data-testid="result-row"][aria-rowindex="${lastRow}"]`)) break;
        if (atEnd) {
          // The next page is on its way (fetched when the end of what is loaded comes near).
          waits++;
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        const before = performance.now();
        el.scrollTop += 400;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        gaps.push((performance.now() - before) / 2);
        most = Math.max(most, el.querySelectorAll('[data-testid="result-row"]').length);
      }
      gaps.sort((a, b) => a - b);
      return { frames: gaps.length, waits, p50: gaps[Math.floor(gaps.length / 2)]!, p95: gaps[Math.floor(gaps.length * 0.95)]!, max: gaps.at(-1)!, most };
    }, ITEMS + 1);
    await page.locator(`[data-testid="result-row"][aria-rowindex="${ITEMS + 1}"]`).waitFor();
    await page.getByTestId('results-range').filter({ hasText: '1,000 of 1,000 loaded' }).waitFor();
    expect(scroll.most).toBeLessThan(40);
    console.log(JSON.stringify({ renderedMs: Math.round(rendered), firstWindow, scroll }));
    await page.screenshot({ path: `${SHOTS}51-report-10x10-end.png` });
    expect(errors).toEqual([]);
  });
});
