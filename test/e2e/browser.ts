import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests leave their screenshots (not in git). */
export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, without the background traffic that slows a test machine. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Whether the page fits its viewport's width (no horizontal scroll), once the layout has settled: after a
 * viewport change, charts and other elements that follow their container's size re-lay out on their own
 * schedule (a ResizeObserver), so the page is given up to 3 s to fit rather than read in the same instant.
 */
export async function fitsWidth(page: Page): Promise<boolean> {
  try {
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 3_000 });
    return true;
  } catch {
    return false;
  }
}
