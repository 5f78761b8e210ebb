import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './server.ts';

/** Debian's chromium, headless: the browser every E2E test runs in. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (its own cookies) on the test server. */
export async function newPage(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Saves a screenshot of every open page under test-results/e2e/, for a failed test. */
export async function saveScreenshots(browser: Browser | undefined, name: string): Promise<void> {
  if (!browser) return;
  const dir = path.join(repoRoot, 'test-results/e2e');
  fs.mkdirSync(dir, { recursive: true });
  const slug = name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  let index = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      await page
        .screenshot({ path: path.join(dir, `${slug}-${++index}.png`), fullPage: true })
        .catch(() => {});
    }
  }
}
