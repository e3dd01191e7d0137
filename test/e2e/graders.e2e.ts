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
    // The preview under the editor is the prompt as the judge gets it, rendered by the server with the Try panel's sample.
    await expectText(page.getByTestId('template-preview'), /Submission: <<<OUTPUT>>>\nIt is Paris\.\n<<<\/OUTPUT>>>/);
    expect(await page.getByTestId('template-preview').textContent()).toBe(
      'Question: {\n  "question": "What is the capital of France?"\n}\nExpert answer: Paris\nSubmission: <<<OUTPUT>>>\nIt is Paris.\n<<</OUTPUT>>>\nAnswer CHOICE: C if they agree, D if not.',
    );
    // Above it, the system message the server adds to a custom prompt: the verdict format the judge is told to use.
    expect(await page.getByTestId('template-preview-system-label').textContent()).toBe('System (added by Switchyard)');
    expect(await page.getByTestId('template-preview-user-label').textContent()).toBe('User (your prompt)');
    expect(await page.getByTestId('template-preview-system').textContent()).toMatch(/^Reason step by step first\. .*`CHOICE: <letter or number>`/);
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

  it('shows HTML in the sample output as text in the preview, never as markup', async () => {
    await page.getByTestId('grader-row').filter({ hasText: 'paris-judge' }).getByTestId('grader-edit').click();
    await page.getByTestId('template-editor').waitFor();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const html = '<img src=x onerror=alert(1)><b>bold</b>';
    await page.getByTestId('grader-output').fill(html);
    await expectText(page.getByTestId('template-preview'), /<img src=x onerror=alert\(1\)><b>bold<\/b>/);
    const preview = page.getByTestId('template-preview');
    expect(await preview.evaluate((el) => el.tagName)).toBe('PRE');
    expect(await preview.locator('img, b').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    await page.getByTestId('template-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}graders-04-preview.png`, fullPage: true });

    // An item the API would refuse: no preview, and the reason.
    await page.getByTestId('grader-item').fill('{"input": "not an object"}');
    await expectText(page.getByTestId('template-preview-missing'), /No preview: the item below cannot be used\. The item must be a JSON object with `input`/);
    await page.getByTestId('grader-item').fill('{"input": {"question": "Capital of France?"}, "expected": "Paris"}');
    await page.getByTestId('template-preview').waitFor();
    expect(dialogs).toBe(0);
  });

  it('builds a composite from sub-graders with a form each, tries it on the server and saves it', async () => {
    await page.getByTestId('grader-type').selectOption('composite');
    await page.getByTestId('sub-grader-add').click();
    await page.getByTestId('sub-grader-add').click();
    const rows = page.getByTestId('sub-grader');
    await rows.nth(0).getByTestId('sub-grader-type').selectOption('contains');
    await rows.nth(0).getByTestId('config-field-value').fill('Paris');
    await rows.nth(0).getByTestId('sub-grader-weight').fill('3');
    // A judge as the second: a prompt problem only the server finds on a try lands in that sub-grader's prompt field.
    await rows.nth(1).getByTestId('sub-grader-type').selectOption('llm_judge');
    await rows.nth(1).getByTestId('config-field-model').fill('oai/judge');
    await rows.nth(1).getByTestId('config-field-choices').fill('Y = 1\nN = 0');
    await rows.nth(1).getByTestId('config-field-rubric').fill('Only the city counts.');
    await rows.nth(1).getByTestId('template-editor').fill('Is {{output}} right?\n{{rubric}} {{topic}}');
    await page.getByTestId('grader-output').fill('Paris, of course.');
    await page.getByTestId('grader-try').click();
    await expectText(rows.nth(1).getByTestId('config-field-prompt-error'), /line 2, column \d+: unknown variable `topic`/);
    // Fixed, its preview is rendered with its own rubric.
    await rows.nth(1).getByTestId('template-editor').fill('Is {{output}} right?\n{{rubric}}');
    await expectText(rows.nth(1).getByTestId('template-preview'), /<<<OUTPUT>>>\nParis, of course\.\n<<<\/OUTPUT>>> right\?\nOnly the city counts\./);
    await page.screenshot({ path: `${SHOTS}graders-05-composite.png`, fullPage: true });

    await rows.nth(1).getByTestId('sub-grader-type').selectOption('regex');
    await rows.nth(1).getByTestId('config-field-pattern').fill('^\\d+$');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('grader-result'), /Score 0\.75 — pass: contains 1\.00, regex 0\.00/);

    await page.getByTestId('grader-name').fill('paris-mixed');
    await page.getByTestId('grader-save').click();
    await page.getByTestId('grader-saved').waitFor();
    const stored = await (await server.request('/api/graders/paris-mixed')).json();
    expect(stored).toMatchObject({
      type: 'composite',
      config: {
        graders: [
          { type: 'contains', config: { value: 'Paris' }, weight: 3 },
          { type: 'regex', config: { pattern: '^\\d+$' } },
        ],
      },
    });
  });

  it('puts a required field problem next to the field, and works at a narrow width', async () => {
    await page.getByTestId('grader-type').selectOption('regex');
    await page.getByTestId('grader-try').click();
    await expectText(page.getByTestId('config-field-pattern-error'), /is required/);
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The saved graders are cards, not a table to scroll sideways: nothing in the list is wider than its box.
    const list = await page.getByTestId('grader-list').evaluate((table) => {
      const wrap = table.parentElement!;
      const row = table.querySelector('tbody tr')!;
      return {
        scroll: wrap.scrollWidth - wrap.clientWidth,
        rowDisplay: getComputedStyle(row).display,
        headHeight: table.querySelector('thead')!.getBoundingClientRect().height,
        rows: [...table.querySelectorAll('tbody tr')].map((r) => r.textContent),
      };
    });
    expect(list).toMatchObject({ scroll: 0, rowDisplay: 'flex' });
    expect(list.headHeight).toBeLessThanOrEqual(1);
    expect(list.rows).toEqual(expect.arrayContaining([expect.stringContaining('paris-judge'), expect.stringContaining('paris-mixed')]));
    await page.getByTestId('grader-list').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}graders-06-narrow-list.png` });
    await page.getByTestId('grader-type').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}graders-07-narrow.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
