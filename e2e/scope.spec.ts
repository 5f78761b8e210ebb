import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient, securityAdmin, SECURITY_ADMIN_PASSWORD } from './support/api.ts';
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
  status: string;
}

describe('用户只能在自己的管辖范围内创建用户', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let countyPage: Page;
  let countyPassword: string; // the one-time password shown to the security administrator

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

  // 三员分立 (GB/T 22239-2019 8.1.4.2): the system administrator creates the account without role or password …
  it('admin creates the account of a county user; it waits for the security administrator', async () => {
    const { page } = await newPage(browser, server.url);
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
    await visible(page.getByRole('heading', { name: '工作台' }));
    await openMenu(page, '系统管理', '用户管理');
    await page.waitForURL('**/system/users');
    await page.getByRole('button', { name: '新增' }).click();

    const dialog = page.getByRole('dialog', { name: '新增用户' });
    await visible(dialog);
    expect(await dialog.getByLabel('角色').count()).toBe(0);
    expect(await dialog.getByText('初始密码').count()).toBe(0);
    await dialog.getByLabel('用户名').fill('xf_county');
    await dialog.getByLabel('姓名').fill('忻府区县级用户');
    await dialog.getByRole('button', { name: '确定' }).click();
    await toast(page, '用户 xf_county 已创建，待安全管理员授权后方可登录');
    const row = page.getByRole('row').filter({ hasText: 'xf_county' });
    await visible(row.getByText('待授权'));
    expect(await row.getByText('重置密码').count()).toBe(0);

    expect(await findUser('xf_county')).toMatchObject({ roles: [], viewScope: [], status: 'pending' });
    await page.context().close();
  });

  // … and the security administrator grants it, which shows its one-time password once.
  it('the security administrator grants 县级工作人员 of 忻府区 and sees the one-time password once', async () => {
    await securityAdmin(server); // changes secadmin's first password (through the API, once per server)
    const { page } = await newPage(browser, server.url);
    await submitLogin(page, 'secadmin', SECURITY_ADMIN_PASSWORD);
    await visible(page.getByRole('heading', { name: '工作台' }));
    await openMenu(page, '系统管理', '用户管理');
    expect(await page.getByRole('button', { name: '新增' }).count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: 'xf_county' });
    await row.getByText('授权', { exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /授权/ });
    await visible(dialog);
    await chooseOption(page, dialog.getByLabel('角色'), '县级工作人员');
    await page.keyboard.press('Escape');
    await pickRegionBySearch(page, dialog.getByLabel('查看范围'), '忻府', '山西省/忻州市/忻府区');
    await dialog.getByRole('button', { name: '同查看范围' }).click();
    await dialog.getByRole('button', { name: '授权' }).click();

    const shown = page.getByRole('dialog', { name: '一次性密码' });
    await visible(shown.getByText('只显示这一次'));
    countyPassword = (await shown.getByLabel('一次性密码').textContent())!.trim();
    expect(countyPassword).toMatch(/^\S{16}$/);
    await shown.getByRole('button', { name: '我已记下' }).click();

    expect(await findUser('xf_county')).toMatchObject({
      roles: ['county_staff'],
      viewScope: [XINFU],
      captureScope: [XINFU],
      mustChangePassword: true,
      status: 'active',
    });
    await page.context().close();
  });

  it('the county user changes the initial password and creates a township user inside 忻府区', async () => {
    ({ page: countyPage } = await newPage(browser, server.url));
    const page = countyPage;
    await loginAndChangePassword(page, 'xf_county', countyPassword, 'Xinfu-Next-2026!');
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
    // Staff never choose a password either: the new account's one-time password is shown once.
    const shown = page.getByRole('dialog', { name: '一次性密码' });
    await visible(shown.getByText('xf_township'));
    await shown.getByRole('button', { name: '我已记下' }).click();
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
      roles: ['system_admin'],
      viewScope: [XINFU],
    });
    expect(admin.status).toBe(403);
    expect(await findUser('xf_admin')).toBeUndefined();
    await page.context().close();
  });
});
