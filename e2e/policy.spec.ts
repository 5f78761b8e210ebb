import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient } from './support/api.ts';
import { openMenu, submitLogin, visible } from './support/ui.ts';

const PASSWORD = 'Policy-Next-2026!';
const SHOTS = path.resolve(import.meta.dirname, '../test-results/e2e');

/** A valid GB 11643 number of 忻府区 (check character computed), for a person not in the demo ledger. */
function idNumberOf(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

function csv(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n')}`;
}

interface GrantPage {
  total: number;
  items: Array<{ benefitId: string; origin: string; personIdMasked: string | null; amountFen: number }>;
}

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

  it('uploads a grant file: a bad row is named by row and column, the fixed file is imported and listed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-e2e-grants-'));
    const person = idNumberOf('14090219700101123');
    const header = ['证件号码', '姓名', '待遇', '所属期起', '金额（元）', '决定日期', '依据'];
    const good = [
      person,
      '周九',
      '跨省务工一次性交通补助',
      '2025-03-01',
      '800',
      '2025-03-10',
      '忻府区2025年台账',
    ];
    const bad = [person, '周九', '培训期间生活费补贴', '2025-02-30', '180', '2025-06-01', ''];
    const badFile = path.join(dir, '发放记录-有错.csv');
    fs.writeFileSync(badFile, csv([header, good, bad]));
    const before = await clerk.getJson<GrantPage>('/policy/grants');

    await openMenu(page, '政策与补贴', '发放台账');
    await page.waitForURL('**/policy/grants');
    await visible(page.getByRole('link', { name: /下载模板/ }));
    await page.locator('input[type=file]').setInputFiles(badFile);
    const errors = page.getByRole('table', { name: '导入错误' });
    await visible(errors);
    const errorRow = errors.getByRole('row').filter({ hasText: '所属期起' });
    await visible(errorRow);
    expect(await errorRow.innerText()).toMatch(/^\s*3\s/u);
    await visible(page.getByText('发放记录文件有误，未导入任何记录'));
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'policy-grants-upload-errors.png'), fullPage: true });
    expect((await clerk.getJson<GrantPage>('/policy/grants')).total).toBe(before.total);

    const fixedFile = path.join(dir, '发放记录.csv');
    fs.writeFileSync(fixedFile, csv([header, good, [...bad.slice(0, 3), '2025-05-01', ...bad.slice(4)]]));
    await page.locator('input[type=file]').setInputFiles(fixedFile);
    await visible(page.getByText('导入完成：共 2 条，新增 2 条，已存在跳过 0 条'));
    const listed = page.getByRole('table', { name: '发放记录' }).getByRole('row').filter({ hasText: '周九' });
    // The person is not in the ledger: no name, the ID number masked.
    const masked = `${person.slice(0, 4)}**********${person.slice(-4)}`;
    const rows = page.getByRole('table', { name: '发放记录' }).getByRole('row').filter({ hasText: masked });
    await visible(rows.first());
    expect(await rows.count()).toBe(2);
    expect(await listed.count()).toBe(0);
    expect(await page.getByText(person).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'policy-grants-list.png'), fullPage: true });

    const after = await clerk.getJson<GrantPage>('/policy/grants', { idNumber: person });
    expect(after.items.map((g) => g.benefitId).sort()).toEqual([
      'cross_province_transport',
      'training_living_allowance',
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records a grant from the evaluator, and the second evaluation denies it', async () => {
    const laborers = await clerk.getJson<{ items: Laborer[] }>('/laborers', { pageSize: 100 });
    let chosen: { laborer: Laborer; asOf: string; label: string } | undefined;
    for (const laborer of laborers.items.filter((l) => l.workArea === 'out_of_province')) {
      const today = await clerk.postJson<Evaluation>('/policy/evaluate', { laborerId: laborer.id });
      const departure = String(today.laborer?.registryFacts.departureDate ?? '');
      if (!departure) continue;
      const asOf = `${departure.slice(0, 4)}-12-31`;
      const evaluation = await clerk.postJson<Evaluation>('/policy/evaluate', {
        laborerId: laborer.id,
        asOf,
        benefitIds: ['cross_province_transport'],
      });
      if (evaluation.results[0]?.status === 'eligible') {
        chosen = { laborer, asOf, label: evaluation.results[0].benefitLabel };
        break;
      }
    }
    if (!chosen) throw new Error('no demo labourer is due the cross-province transport subsidy');

    await openMenu(page, '政策与补贴', '补贴测算');
    await page.waitForURL('**/policy/evaluate');
    const form = page.getByRole('form', { name: '测算情形' });
    await form.getByLabel('劳动力', { exact: true }).click();
    await page.keyboard.type(chosen.laborer.idNumberMasked.slice(-4));
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: chosen.laborer.name })
      .first()
      .click();
    const date = form.getByLabel('评估日');
    await date.click();
    await date.press('Control+a');
    await date.fill(chosen.asOf);
    await date.press('Enter');
    await form.getByRole('button', { name: /开始测算/ }).click();

    const item = page.locator('.policy-results .ant-collapse-item').filter({ hasText: chosen.label });
    await visible(item);
    expect(await item.locator('.ant-collapse-header').innerText()).toContain('享受');
    await item.locator('button').filter({ hasText: '登记发放' }).click();
    const dialog = page.getByRole('dialog', { name: `登记发放：${chosen.label}` });
    await visible(dialog);
    await dialog.getByLabel('依据文号（可不填）').fill('忻人社〔2026〕8号');
    await page.screenshot({ path: path.join(SHOTS, 'policy-record-grant-dialog.png'), fullPage: true });
    await dialog.getByRole('button', { name: /确认登记/ }).click();

    await visible(page.getByText(`已登记发放“${chosen.label}”，已按发放台账重新测算`));
    const header = item.locator('.ant-collapse-header');
    await visible(header.getByText('不享受', { exact: true }));
    const second = await clerk.postJson<Evaluation>('/policy/evaluate', {
      laborerId: chosen.laborer.id,
      asOf: chosen.asOf,
      benefitIds: ['cross_province_transport'],
    });
    expect(second.results[0]!.status).not.toBe('eligible');
    expect(await header.innerText()).toContain(second.results[0]!.statusLabel);
    expect(await item.locator('button').filter({ hasText: '登记发放' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'policy-record-grant-after.png'), fullPage: true });

    const ledger = await clerk.getJson<GrantPage>('/policy/grants', { laborerId: chosen.laborer.id });
    expect(ledger.items).toContainEqual(
      expect.objectContaining({ benefitId: 'cross_province_transport', origin: 'decision' }),
    );
  });
});
