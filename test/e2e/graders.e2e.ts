import type { Browser, Locator, Page } from 'playwright-core';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { addFakeOpenAIProvider, type RunningServer, startServer } from '../support/server.js';
import { launchBrowser, SHOTS } from './browser.js';

const expectText = async (locator: Locator, pattern: RegExp) => {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout: 10_000 });
  expect(await locator.first().textContent()).toMatch(pattern);
};

describe('graders page in a real browser: a judge grader defined with the form', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer();
    await addFakeOpenAIProvider(server, fake.url, [{ model: 'judge', inputPricePerM: 1, outputPricePerM: 2 }]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/graders`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-token-input').fill(server.adminToken);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/graders$/);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  it('shows the judge config as a form with required markers and help text', async () => {
    await page.getByTestId('grader-type').selectOption('llm_judge');
    await page.getByTestId('config-field-model').waitFor();
    expect(await page.locator('label', { has: page.getByText('(required)') }).allTextContents()).toEqual([expect.stringMatching(/^\s*model/)]);
    expect(await page.getByTestId('config-field-template').locator('option').allTextContents()).toEqual([
      'Default (factuality)',
      'factuality',
      'closed_qa',
      'rubric',
    ]);
    await expectText(page.getByTestId('template-variables'), /\{\{expected\}\}/);
  });

  it('shows a template error with line and column as the prompt is typed, and the line highlighted', async () => {
    await page.getByTestId('config-field-model').fill('oai/judge');
    const editor = page.getByTestId('template-editor');
    await editor.fill('Question: {{input}}\nExpert answer: {{expected}}\nSubmission: {{output}\nAnswer CHOICE: C if they agree, D if not.');
    await expectText(page.getByTestId('template-error'), /^Line 3, column \d+: Expecting/);
    expect(await page.getByTestId('template-line-highlight').getAttribute('data-line')).toBe('3');
    await page.screenshot({ path: `${SHOTS}graders-01-template-error.png`, fullPage: true });

    await editor.fill('Question: {{input}}\nExpert answer: {{expected}}\nSubmission: {{output}}\nTopic: {{topic}}');
    await expectText(page.getByTestId('template-error'), /^Line 4, column 10: unknown variable `topic`/);
  });

  it('is fixed, tried on a sample answer through the judge model, and saved', async () => {
    await page
      .getByTestId('template-editor')
      .fill('Question: {{input}}\nExpert answer: {{expected}}\nSubmission: {{output}}\nAnswer CHOICE: C if they agree, D if not.');
    await expectText(page.getByTestId('template-ok'), /valid; it reads input, expected, output/);
    expect(await page.getByTestId('template-error').count()).toBe(0);

    // A custom prompt needs its choices: the form refuses to try without them.
    await page.getByTestId('grader-output').fill('It is Paris.');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('grader-result'), /Could not grade: a custom prompt needs `choices`/);
    await page.getByTestId('config-field-choices').fill('C = 1\nD = 0');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('grader-result'), /Score 1\.00 — pass: C: The submission states Paris/);
    await page.screenshot({ path: `${SHOTS}graders-02-tried.png`, fullPage: true });

    await page.getByTestId('config-mode-json').click();
    expect(JSON.parse(await page.getByTestId('grader-config').inputValue())).toEqual({
      model: 'oai/judge',
      prompt: 'Question: {{input}}\nExpert answer: {{expected}}\nSubmission: {{output}}\nAnswer CHOICE: C if they agree, D if not.',
      choices: { C: 1, D: 0 },
    });
    await page.getByTestId('config-mode-form').click();

    await page.getByTestId('grader-name').fill('paris-judge');
    await page.getByTestId('grader-save').click();
    await page.getByTestId('grader-saved').waitFor();
    await page.getByTestId('grader-row').filter({ hasText: 'paris-judge' }).waitFor();
    const stored = await (await server.request('/api/graders/paris-judge')).json();
    expect(stored).toMatchObject({ type: 'llm_judge', config: { model: 'oai/judge', choices: { C: 1, D: 0 } } });
    await page.screenshot({ path: `${SHOTS}graders-03-saved.png`, fullPage: true });
  });

  it('puts a required field problem next to the field, and works at a narrow width', async () => {
    await page.getByTestId('grader-type').selectOption('regex');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('config-field-pattern-error'), /is required/);
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}graders-04-narrow.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
