import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient } from './support/api.ts';
import {
  chooseOption,
  loginAndChangePassword,
  openMenu,
  optionTitles,
  pagePost,
  pickRegionBySearch,
  regionOption,
  regionPopup,
  submitLogin,
  toast,
  visible,
} from './support/ui.ts';

const ADMIN_PASSWORD = 'Jiuye-Next-2026!';
const XINFU = '140902000000'; // 忻府区
const YUANPING = '140981000000'; // 原平市, another county of 忻州市

interface UserRow {
  id: number;
  username: string;
  roles: string[];
  viewScope: string[];
  captureScope: string[];
  mustChangePassword: boolean;
}

describe('用户只能在自己的管辖范围内创建用户', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let countyPage: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await ApiClient.loginReady(server.url, 'admin', server.adminPassword, ADMIN_PASSWORD);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshots(browser, task.name);
  });

  afterAll(async () => {
    await admin?.dispose();
    await browser?.close();
    await server?.stop();
  });

  const findUser = async (username: string) =>
    (await admin.getJson<{ items: UserRow[] }>('/users', { username })).items.find(
      (u) => u.username === username,
    );

  it('admin creates a county user for 忻府区', async () => {
    const { page } = await newPage(browser, server.url);
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
    await visible(page.getByRole('heading', { name: '工作台' }));
    await openMenu(page, '系统管理', '用户管理');
    await page.waitForURL('**/system/users');
    await page.getByRole('button', { name: '新增' }).click();

    const dialog = page.getByRole('dialog', { name: '新增用户' });
    await visible(dialog);
    await dialog.getByLabel('用户名').fill('xf_county');
    await dialog.getByLabel('姓名').fill('忻府区县级用户');
    await dialog.getByLabel('初始密码').fill('Xinfu-Init-2026');
    await chooseOption(page, dialog.getByLabel('角色'), '县级工作人员');
    await page.keyboard.press('Escape');
    await pickRegionBySearch(page, dialog.getByLabel('查看范围'), '忻府', '山西省/忻州市/忻府区');
    await dialog.getByRole('button', { name: '同查看范围' }).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await toast(page, '用户 xf_county 已创建');
    await visible(page.getByRole('cell', { name: 'xf_county', exact: true }));

    const user = await findUser('xf_county');
    expect(user).toMatchObject({
      roles: ['county_staff'],
      viewScope: [XINFU],
      captureScope: [XINFU],
      mustChangePassword: true,
    });
    await page.context().close();
  });

  it('the county user changes the initial password and creates a township user inside 忻府区', async () => {
    ({ page: countyPage } = await newPage(browser, server.url));
    const page = countyPage;
    await loginAndChangePassword(page, 'xf_county', 'Xinfu-Init-2026', 'Xinfu-Next-2026!');
    await visible(page.getByText('山西省/忻州市/忻府区').first());

    await openMenu(page, '系统管理', '用户管理');
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog', { name: '新增用户' });
    await visible(dialog);

    // Only roles the county user holds the rights of; never an administrator role.
    const roles = await optionTitles(page, dialog.getByLabel('角色'));
    expect(roles).toContain('乡镇工作人员');
    expect(roles).not.toContain('系统管理员');
    expect(roles).not.toContain('审计管理员');

    await dialog.getByLabel('用户名').fill('xf_township');
    await dialog.getByLabel('姓名').fill('秀容街道工作人员');
    await dialog.getByLabel('初始密码').fill('Xiuro-Init-2026');
    await chooseOption(page, dialog.getByLabel('角色'), '乡镇工作人员');
    await page.keyboard.press('Escape');

    // The picker opens on the county's own tree: 忻府区 and its townships, nothing above it.
    await dialog.getByLabel('查看范围').click();
    await visible(regionOption(page, '忻府区'));
    await regionOption(page, '秀容街道').click();
    expect(await regionOption(page, '忻州市').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '同查看范围' }).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await toast(page, '用户 xf_township 已创建');
    await visible(page.getByRole('cell', { name: 'xf_township', exact: true }));

    const user = await findUser('xf_township');
    expect(user?.roles).toEqual(['township_staff']);
    expect(user?.viewScope).toHaveLength(1);
    expect(user?.viewScope[0]).toMatch(/^140902\d{3}000$/);
    expect(user?.captureScope).toEqual(user?.viewScope);
  });

  it('refuses a scope outside 忻府区: the picker does not offer it and the API answers 404', async () => {
    const page = countyPage;
    await page.getByRole('button', { name: '新增' }).click();
    const dialog = page.getByRole('dialog', { name: '新增用户' });
    await visible(dialog);
    const picker = dialog.getByLabel('查看范围');
    await picker.click();
    await picker.fill('原平');
    await visible(regionPopup(page).getByText('没有匹配的区划'));
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '取消' }).click();

    const refused = await pagePost(page, '/users', {
      username: 'yp_outside',
      displayName: '原平市用户',
      password: 'Yuanp-Init-2026',
      roles: ['township_staff'],
      viewScope: [YUANPING],
      captureScope: [YUANPING],
    });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await findUser('yp_outside')).toBeUndefined();

    // Nor may the county user grant rights it does not hold.
    const admin = await pagePost(page, '/users', {
      username: 'xf_admin',
      displayName: '越权管理员',
      password: 'Xfadm-Init-2026',
      roles: ['system_admin'],
      viewScope: [XINFU],
    });
    expect(admin.status).toBe(403);
    expect(await findUser('xf_admin')).toBeUndefined();
    await page.context().close();
  });
});
