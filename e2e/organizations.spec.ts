import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient, createAccount } from './support/api.ts';
import { chooseOption, openMenu, regionOption, submitLogin, toast, visible } from './support/ui.ts';

const PASSWORD = 'Orgxf-Next-2026!';
const NAME = '秀容街道就业服务站';

interface Organization {
  id: number;
  name: string;
  kind: string;
  regionCode: string;
  contactPerson: string | null;
  isActive: boolean;
}

describe('机构管理', () => {
  let server: TestServer;
  let browser: Browser;
  let clerk: ApiClient;
  let page: Page;

  const findOrganization = async () =>
    (await clerk.getJson<{ items: Organization[] }>('/organizations', { name: NAME })).items.find(
      (o) => o.name === NAME,
    );

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await ApiClient.loginReady(server.url, 'admin', server.adminPassword, 'Jiuye-Next-2026!');
    const { oneTimePassword } = await createAccount(server, admin, {
      username: 'xf_org',
      displayName: '忻府区机构管理员',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
      captureScope: ['140902000000'],
    });
    await admin.dispose();
    clerk = await ApiClient.loginReady(server.url, 'xf_org', oneTimePassword, PASSWORD);
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

  it('a county clerk adds a township station in 忻府区', async () => {
    await submitLogin(page, 'xf_org', PASSWORD);
    await openMenu(page, '系统管理', '机构管理');
    await page.waitForURL('**/system/organizations');
    await visible(page.locator('.list-page-side').getByTitle('忻府区', { exact: true }));

    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog', { name: '新增机构' });
    await visible(dialog);
    await dialog.getByLabel('机构名称').fill(NAME);
    // A county centre cannot sit in a township: the form says so before the server has to.
    await chooseOption(page, dialog.getByLabel('机构类型'), '县就业帮扶服务中心');
    await dialog.getByLabel('所在区划').click();
    await visible(regionOption(page, '秀容街道'));
    expect(await regionOption(page, '秀容街道').locator('xpath=..').getAttribute('aria-disabled')).toBe(
      'true',
    );
    await page.keyboard.press('Escape');

    await chooseOption(page, dialog.getByLabel('机构类型'), '乡镇就业服务站');
    await dialog.getByLabel('所在区划').click();
    await regionOption(page, '秀容街道').click();
    await dialog.getByLabel('联系电话').fill('0350-3000000');
    await dialog.getByRole('button', { name: '确定' }).click();
    await toast(page, '机构已新增');
    await visible(page.getByRole('cell', { name: NAME }));

    const organization = await findOrganization();
    expect(organization).toMatchObject({ kind: 'township_service_station', isActive: true });
    expect(organization?.regionCode).toMatch(/^140902\d{3}000$/);
  });

  it('changes and then deactivates it', async () => {
    const row = page.getByRole('row').filter({ hasText: NAME });
    await row.getByText('修改', { exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '修改机构' });
    await visible(dialog);
    await dialog.getByLabel('联系人').fill('张三');
    await dialog.getByRole('button', { name: '确定' }).click();
    await toast(page, '机构已修改');
    expect((await findOrganization())?.contactPerson).toBe('张三');

    await row.getByText('停用', { exact: true }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '停用' }).click();
    await toast(page, `已停用“${NAME}”`);
    await visible(row.getByText('启用', { exact: true }));
    expect((await findOrganization())?.isActive).toBe(false);
  });
});
