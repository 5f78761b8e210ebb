import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient } from './support/api.ts';
import { openMenu, submitLogin, visible } from './support/ui.ts';

const PASSWORD = 'Policy-Next-2026!';

interface Laborer {
  id: number;
  name: string;
  idNumberMasked: string;
  workArea: string | null;
}

interface Evaluation {
  rulesetVersion: string;
  laborer: { registryFacts: Record<string, boolean | number | string> } | null;
  results: Array<{
    benefitId: string;
    benefitLabel: string;
    status: string;
    statusLabel: string;
    amountFen: number | null;
  }>;
}

describe('政策与补贴', () => {
  let server: TestServer;
  let browser: Browser;
  let clerk: ApiClient;
  let page: Page;
  let password: string;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchBrowser();
    const initial = server.demoAccounts.get('xinfu');
    if (!initial) throw new Error(`no demo account xinfu:\n${server.output()}`);
    clerk = await ApiClient.loginReady(server.url, 'xinfu', initial, PASSWORD);
    // Demo accounts may keep their printed password.
    password = clerk.session.mustChangePassword ? PASSWORD : initial;
    ({ page } = await newPage(browser, server.url));
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshots(browser, task.name);
  });

  afterAll(async () => {
    await clerk?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('the library lists the parameters with their values, and the values the documents leave open', async () => {
    await submitLogin(page, 'xinfu', password);
    await openMenu(page, '政策与补贴', '政策库');
    await page.waitForURL('**/policy/library');
    const row = page.getByRole('row').filter({ hasText: '跨省务工一次性交通补助标准' });
    await visible(row);
    expect(await row.innerText()).toContain('800元');
    await visible(page.getByText('未设定', { exact: true }));

    await page.getByPlaceholder('搜索文号、标题、条款原文、参数或待遇').fill('培训期间生活费');
    await page.getByPlaceholder('搜索文号、标题、条款原文、参数或待遇').press('Enter');
    await visible(page.getByRole('row').filter({ hasText: '培训期间生活费补贴每日标准' }));
    expect(await page.getByRole('row').filter({ hasText: '跨省务工一次性交通补助标准' }).count()).toBe(0);
    // Only a province or city user adds values.
    expect(await page.getByRole('button', { name: /新增政策参数/ }).count()).toBe(0);
  });

  it('evaluates a demo labourer and shows a benefit with its explanation', async () => {
    const laborers = await clerk.getJson<{ items: Laborer[] }>('/laborers', { pageSize: 100 });
    const laborer = laborers.items.find((l) => l.workArea === 'out_of_province');
    if (!laborer) throw new Error('the demo ledger has no labourer working out of the province');
    const today = await clerk.postJson<Evaluation>('/policy/evaluate', { laborerId: laborer.id });
    const departure = String(today.laborer?.registryFacts.departureDate ?? '');
    // The year of departure, when the one-off transport subsidy is due.
    const asOf = departure ? `${departure.slice(0, 4)}-12-31` : '2025-12-31';
    const expected = await clerk.postJson<Evaluation>('/policy/evaluate', { laborerId: laborer.id, asOf });
    const transport = expected.results.find((r) => r.benefitId === 'cross_province_transport')!;

    await openMenu(page, '政策与补贴', '补贴测算');
    await page.waitForURL('**/policy/evaluate');
    const form = page.getByRole('form', { name: '测算情形' });
    await form.getByLabel('劳动力', { exact: true }).click();
    await page.keyboard.type(laborer.idNumberMasked.slice(-4));
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: laborer.name })
      .first()
      .click();
    const date = form.getByLabel('评估日');
    await date.click();
    await date.press('Control+a');
    await date.fill(asOf);
    await date.press('Enter');
    await form.getByRole('button', { name: /开始测算/ }).click();

    const item = page
      .locator('.policy-results .ant-collapse-item')
      .filter({ hasText: transport.benefitLabel });
    await visible(item);
    const header = await item.locator('.ant-collapse-header').innerText();
    expect(header).toContain(transport.status === 'eligible' ? '享受' : transport.statusLabel);
    if (transport.amountFen !== null) {
      expect(header).toContain(
        `${(transport.amountFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`,
      );
    }
    await item.locator('.ant-collapse-header').click();
    await visible(item.getByText(`规则版本：${expected.rulesetVersion}`, { exact: false }));
    await item.getByRole('tab', { name: '明细' }).click();
    const details = item.getByRole('tabpanel', { name: '明细' });
    await visible(details.getByRole('heading', { name: '输入事实' }));
    await visible(details.getByText('本次外出务工出发日期', { exact: true }));
    await visible(details.getByRole('heading', { name: '考虑过的情形' }));
  });
});
