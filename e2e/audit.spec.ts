import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient, createAccount } from './support/api.ts';
import { chooseOption, loginAndChangePassword, openMenu, submitLogin, visible } from './support/ui.ts';

const ADMIN_PASSWORD = 'Jiuye-Next-2026!';

interface Page_<T> {
  items: T[];
  total: number;
}
interface OperationEntry {
  username: string | null;
  action: string;
  targetId: string | null;
  result: string;
}
interface LoginEntry {
  username: string;
  success: boolean;
  reason: string;
}

describe('审计管理员查看操作日志和登录日志', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: ApiClient;
  let auditPage: Page;
  let createdId: number;
  let auditorPassword: string; // the one-time password the security administrator issued

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await ApiClient.loginReady(server.url, 'admin', server.adminPassword, ADMIN_PASSWORD);
    ({ oneTimePassword: auditorPassword } = await createAccount(server, admin, {
      username: 'auditor',
      displayName: '审计员',
      roles: ['audit_admin'],
      viewScope: ['140000000000'],
    }));
    ({ id: createdId } = await createAccount(server, admin, {
      username: 'xf_clerk',
      displayName: '忻府区办事员',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
      captureScope: ['140902000000'],
    }));
    for (const attempt of [1, 2]) {
      const failed = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'xf_clerk', password: `Wrong-Pass-${attempt}` }),
      });
      expect(failed.status).toBe(401);
    }
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshots(browser, task.name);
  });

  afterAll(async () => {
    await admin?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('the system administrator has no audit pages (三员分立)', async () => {
    const { context, page } = await newPage(browser, server.url);
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
    const menu = await visible(page.getByRole('navigation', { name: '主菜单' }));
    await visible(menu.getByRole('menuitem', { name: '系统管理' }));
    expect(await menu.getByRole('menuitem', { name: '安全审计' }).count()).toBe(0);
    await page.goto('/audit/operations');
    await visible(page.getByText('无权访问'));
    expect((await admin.get('/audit/operations')).status()).toBe(403);
    await context.close();
  });

  it('shows the user creations in the operation log', async () => {
    ({ page: auditPage } = await newPage(browser, server.url));
    const page = auditPage;
    await loginAndChangePassword(page, 'auditor', auditorPassword, 'Audit-Next-2026!');
    await openMenu(page, '安全审计', '操作日志');
    await page.waitForURL('**/audit/operations');

    const search = page.getByRole('form', { name: '查询条件' });
    await search.getByLabel('用户名').fill('admin');
    await chooseOption(page, search.getByLabel('操作'), '新增用户');
    await search.getByRole('button', { name: '搜索' }).click();
    const rows = page.getByRole('row').filter({ hasText: '新增用户' });
    await visible(rows.filter({ hasText: `用户 #${createdId}` }));
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: '成功' }).count()).toBe(2);

    const auditor = await ApiClient.login(server.url, 'auditor', 'Audit-Next-2026!');
    const log = await auditor.getJson<Page_<OperationEntry>>('/audit/operations', { action: 'user.create' });
    expect(log.total).toBe(2);
    expect(log.items.map((entry) => entry.targetId)).toContain(String(createdId));
    expect(log.items.every((entry) => entry.username === 'admin' && entry.result === 'success')).toBe(true);
    await auditor.dispose();
  });

  it('shows the failed logins in the login log', async () => {
    const page = auditPage;
    await page.getByRole('tab', { name: '登录日志' }).click();
    await page.waitForURL('**/audit/logins');
    const search = page.getByRole('form', { name: '查询条件' });
    await search.getByLabel('用户名').fill('xf_clerk');
    await chooseOption(page, search.getByLabel('结果'), '失败');
    await search.getByRole('button', { name: '搜索' }).click();
    const rows = page.getByRole('row').filter({ hasText: 'xf_clerk' }).filter({ hasText: '密码错误' });
    await visible(rows);
    expect(await rows.count()).toBe(2);
    await visible(page.getByText('共 2 条'));

    const auditor = await ApiClient.login(server.url, 'auditor', 'Audit-Next-2026!');
    const log = await auditor.getJson<Page_<LoginEntry>>('/audit/logins', {
      username: 'xf_clerk',
      success: 'false',
    });
    expect(log.total).toBe(2);
    expect(log.items.every((entry) => !entry.success && entry.reason === 'wrong_password')).toBe(true);
    await auditor.dispose();
    await page.context().close();
  });
});
