import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient } from './support/api.ts';
import { fillPasswordChange, pageSession, submitLogin, visible } from './support/ui.ts';

const NEW_PASSWORD = 'Jiuye-Next-2026!';

describe('登录与首次修改密码', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshots(browser, task.name);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the server’s message for a wrong password', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/');
    await page.waitForURL('**/login');
    await submitLogin(page, 'admin', 'not-the-password');
    const alert = await visible(page.getByRole('alert'));
    expect(await alert.textContent()).toContain('用户名或密码错误');
    expect((await pageSession(page)).status).toBe(401);
    await context.close();
  });

  it('forces admin to change the initial password, refuses a weak one, then opens the 工作台', async () => {
    const { context, page } = await newPage(browser, server.url);
    await submitLogin(page, 'admin', server.adminPassword);
    await page.waitForURL('**/change-password');
    await visible(page.getByText('首次登录，请先修改初始密码'));

    // Every other page sends back to the change-password page until it is done.
    await page.goto('/system/users');
    await page.waitForURL('**/change-password');

    await fillPasswordChange(page, server.adminPassword, 'weakpassword');
    await visible(page.getByText('密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类'));
    await fillPasswordChange(page, server.adminPassword, 'Admin-2026-new');
    await visible(page.getByText('密码不能包含用户名'));
    // `Password1` has the 等保 classes but is a common password; the server's check refuses it.
    await fillPasswordChange(page, server.adminPassword, 'Password1');
    await visible(page.getByText('密码过于常见或容易被猜到，请换一个更长、更不规则的密码').first());
    // The reuse rule is the server's: the initial password itself is refused with the field's error.
    await fillPasswordChange(page, server.adminPassword, server.adminPassword);
    await visible(page.getByText('不能使用最近用过的密码'));
    let session = await pageSession(page);
    expect(session.status).toBe(200);
    expect(session.body.mustChangePassword).toBe(true);

    await fillPasswordChange(page, server.adminPassword, NEW_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await visible(page.getByRole('heading', { name: '工作台' }));
    await visible(
      page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem', { name: '系统管理' }),
    );
    session = await pageSession(page);
    expect(session.body.mustChangePassword).toBe(false);

    // The old password no longer opens a session; the new one does.
    const old = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
    });
    expect(old.status).toBe(401);
    const api = await ApiClient.login(server.url, 'admin', NEW_PASSWORD);
    expect(api.session.mustChangePassword).toBe(false);
    await api.dispose();
    await context.close();
  });

  it('logs out, and 退出全部会话 ends the other sessions too', async () => {
    const first = await newPage(browser, server.url);
    const second = await newPage(browser, server.url);
    for (const { page } of [first, second]) {
      await submitLogin(page, 'admin', NEW_PASSWORD);
      await visible(page.getByRole('heading', { name: '工作台' }));
    }

    await first.page.getByRole('button', { name: '用户菜单' }).click();
    await first.page.getByRole('menuitem', { name: '退出全部会话' }).click();
    await first.page.getByRole('dialog').getByRole('button', { name: '全部退出' }).click();
    await first.page.waitForURL('**/login');
    expect((await pageSession(first.page)).status).toBe(401);
    expect((await pageSession(second.page)).status).toBe(401);

    // The other browser finds itself on the login page at its next step.
    await second.page
      .getByRole('navigation', { name: '主菜单' })
      .getByRole('menuitem', { name: '区划查询' })
      .click();
    await second.page.waitForURL('**/login');

    await submitLogin(first.page, 'admin', NEW_PASSWORD);
    await visible(first.page.getByRole('heading', { name: '工作台' }));
    await first.page.getByRole('button', { name: '用户菜单' }).click();
    await first.page.getByRole('menuitem', { name: '退出登录' }).click();
    await first.page.waitForURL('**/login');
    expect((await pageSession(first.page)).status).toBe(401);
    await first.context.close();
    await second.context.close();
  });
});
