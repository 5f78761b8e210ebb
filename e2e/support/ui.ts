import type { Locator, Page } from 'playwright-core';

/** Waits until the locator is visible and returns it (playwright-core has no auto-retrying `expect`). */
export async function visible(locator: Locator, timeout?: number): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits until nothing matches the locator any more. */
export async function gone(locator: Locator, timeout?: number): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** Fills and submits the login form. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  if (!page.url().endsWith('/login')) await page.goto('/login');
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '登录' }).click();
}

/** Logs in and, when the page asks for it, changes the initial password; ends on the 工作台. */
export async function loginAndChangePassword(
  page: Page,
  username: string,
  initialPassword: string,
  newPassword: string,
): Promise<void> {
  await submitLogin(page, username, initialPassword);
  await page.waitForURL('**/change-password');
  await fillPasswordChange(page, initialPassword, newPassword);
  await page.waitForURL((url) => url.pathname === '/');
  await visible(page.getByRole('heading', { name: '工作台' }));
}

export async function fillPasswordChange(
  page: Page,
  oldPassword: string,
  newPassword: string,
): Promise<void> {
  const form = page.getByRole('form', { name: '修改密码' });
  await form.getByLabel('原密码').fill(oldPassword);
  await form.getByLabel('新密码', { exact: true }).fill(newPassword);
  await form.getByLabel('确认新密码').fill(newPassword);
  await form.getByRole('button', { name: '确认修改' }).click();
}

/** Opens a page from the left menu (group, then entry). */
export async function openMenu(page: Page, ...labels: string[]): Promise<void> {
  const menu = await visible(page.getByRole('navigation', { name: '主菜单' }));
  const groups = labels.slice(0, -1);
  const entry = labels.at(-1)!;
  for (const label of groups) {
    // Names carry the icon's label too ("setting 系统管理"), hence no exact match.
    const group = await visible(menu.getByRole('menuitem', { name: label }));
    // A group already open stays open: clicking it again would fold it.
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
  }
  const item = menu.getByRole('menuitem', { name: entry });
  // A click while the group is still unfolding can land on its clipped container: try again until the page moves.
  for (let attempt = 1; ; attempt++) {
    const before = page.url();
    await item.click();
    try {
      await page.waitForURL((url) => url.href !== before, { timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Chooses an option of an antd Select (the options are rendered in a pop-up outside the form). */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
}

/** The options an antd Select offers, as their titles. */
export async function optionTitles(page: Page, select: Locator): Promise<string[]> {
  await select.click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  const read = () => options.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title') ?? ''));
  // The list may be rendered again while its options load: read until two reads 100 ms apart agree.
  let titles: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    await options.first().waitFor();
    const first = await read();
    await page.waitForTimeout(100);
    titles = await read();
    if (titles.length > 0 && titles.join('\n') === first.join('\n')) break;
  }
  await page.keyboard.press('Escape');
  return titles;
}

/** The region picker's pop-up (a tree select). */
export function regionPopup(page: Page): Locator {
  return page.locator('.ant-select-dropdown:visible');
}

/** A region offered by the open picker, by its name (or full path, for search results). */
export function regionOption(page: Page, title: string): Locator {
  return regionPopup(page).getByTitle(title, { exact: true });
}

/** Picks a region in a RegionPicker by searching its name and choosing the result with this full path. */
export async function pickRegionBySearch(
  page: Page,
  picker: Locator,
  query: string,
  path: string,
): Promise<void> {
  await picker.click();
  await picker.fill(query);
  await regionOption(page, path).click();
  await page.keyboard.press('Escape');
}

/** Waits for an antd message (toast) with this text. */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await visible(page.locator('.ant-message-notice').filter({ hasText: text }));
}

/** The session of the page's browser context, through the same cookie. */
export async function pageSession(page: Page): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await page.request.get('/api/auth/session');
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}

/** A state-changing API call from the page's session, with its CSRF token. */
export async function pagePost(page: Page, path: string, data: unknown) {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(`/api${path}`, { data, headers: { 'X-CSRF-Token': csrfToken } });
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}
