import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient, createAccount } from './support/api.ts';
import { openMenu, submitLogin, toast, visible } from './support/ui.ts';

const ADMIN_PASSWORD = 'Jiuye-Next-2026!';
const PASSWORD = 'Locke-Next-2026!';

interface UserRow {
  id: number;
  username: string;
  isLocked: boolean;
}

describe('连续 5 次密码错误锁定账号', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: ApiClient;

  const findUser = async (username: string) =>
    (await admin.getJson<{ items: UserRow[] }>('/users', { username })).items.find(
      (u) => u.username === username,
    );

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await ApiClient.loginReady(server.url, 'admin', server.adminPassword, ADMIN_PASSWORD);
    // 三员分立: the system administrator creates, the built-in security administrator grants; each account's
    // one-time password is changed once, so that the tests below sign in with PASSWORD.
    for (const [username, roles, scope] of [
      ['xf_locked', ['county_staff'], '140902000000'],
      ['sec_admin', ['security_admin'], '140000000000'],
    ] as const) {
      const { oneTimePassword } = await createAccount(server, admin, {
        username,
        displayName: username,
        roles: [...roles],
        viewScope: [scope],
        captureScope: [scope],
      });
      await (await ApiClient.loginReady(server.url, username, oneTimePassword, PASSWORD)).dispose();
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

  it('locks the account after the fifth wrong password and says so on the login page', async () => {
    const { context, page } = await newPage(browser, server.url);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(page, 'xf_locked', `Wrong-Pass-${attempt}`);
      await visible(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
      // The next attempt must not find the previous alert.
      await page.reload();
    }
    expect((await findUser('xf_locked'))?.isLocked).toBe(true);

    // Even the right password is refused now, with the lock explained.
    await submitLogin(page, 'xf_locked', PASSWORD);
    const alert = await visible(page.getByRole('alert').filter({ hasText: '锁定' }));
    expect(await alert.textContent()).toMatch(/账号因连续登录失败已被锁定，请 \d+ 分钟后再试/);
    expect(page.url()).toMatch(/\/login$/);

    const api = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'xf_locked', password: PASSWORD }),
    });
    expect(api.status).toBe(423);
    const locked = (await api.json()) as { error: { code: string; message: string } };
    expect(locked.error.code).toBe('ACCOUNT_LOCKED');

    // A name that belongs to nobody gets the same answers, the lock included.
    const tries: Array<{ status: number; code: string }> = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const answer = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'xf_nobody', password: `Wrong-Pass-${attempt}` }),
      });
      tries.push({ status: answer.status, code: ((await answer.json()) as typeof locked).error.code });
    }
    expect(tries.map((t) => t.status)).toEqual([401, 401, 401, 401, 401, 423]);
    expect(tries.at(-1)!.code).toBe('ACCOUNT_LOCKED');
    await context.close();
  });

  it('the security administrator unlocks it, and the user can log in again', async () => {
    const { context, page } = await newPage(browser, server.url);
    await submitLogin(page, 'sec_admin', PASSWORD);
    await visible(page.getByRole('heading', { name: '工作台' }));
    await openMenu(page, '系统管理', '用户管理');
    const row = page.getByRole('row').filter({ hasText: 'xf_locked' });
    await visible(row.getByText('已锁定'));
    await row.getByText('解锁', { exact: true }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '解锁' }).click();
    await toast(page, '已解锁 xf_locked');
    expect((await findUser('xf_locked'))?.isLocked).toBe(false);
    await context.close();

    const user = await newPage(browser, server.url);
    await submitLogin(user.page, 'xf_locked', PASSWORD);
    await visible(user.page.getByRole('heading', { name: '工作台' }));
    await user.context.close();
  });
});
