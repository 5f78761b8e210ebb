import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, newPage, saveScreenshots } from './support/browser.ts';
import { ApiClient, createAccount } from './support/api.ts';
import { chooseOption, openMenu, submitLogin, toast, visible } from './support/ui.ts';
import {
  buildLedgerWorkbook,
  idNumber,
  readWorkbookText,
  withWrongCheckCharacter,
} from './support/registry-workbook.ts';

const PASSWORD = 'Ledger-Next-2026!';
const VILLAGE = '140902101201'; // 忻府区奇村镇辛庄村委会
const HEADERS = [
  '序号',
  '区划代码',
  '户编号',
  '户类型',
  '*姓名',
  '*证件号码',
  '与户主关系',
  '联系电话',
  '文化程度',
  '劳动技能',
  '就业意愿',
  '就业服务需求',
];
const ZHANG = idNumber('140902', '19870921', '042');
const LI = idNumber('140902', '19850312', '031');
const WANG = idNumber('140902', '19900105', '053');

interface LaborerItem {
  id: number;
  name: string;
  idNumberMasked: string;
  householdNumber: string | null;
}
interface Region {
  code: string;
  name: string;
}
interface Transfer {
  id: number;
  laborerName: string | null;
  status: string;
  decisionNote: string | null;
}
interface Change {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  source: string;
}

/** Chooses a file in the import dialog through the browser's file chooser (a click on the drop zone). */
async function chooseFile(page: Page, dialog: Locator, name: string, buffer: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByText('将文件拖到此处，或点击选择文件').click();
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer });
}

describe('实名制台账：导入、查找、修改', () => {
  let server: TestServer;
  let browser: Browser;
  let clerk: ApiClient;
  let neighbour: ApiClient;
  let page: Page;
  let errorWorkbook: Buffer;

  const laborers = async (q: string) =>
    (await clerk.getJson<{ items: LaborerItem[] }>('/laborers', { q, regionCode: '140902000000' })).items;
  const importDialog = () => page.getByRole('dialog', { name: '导入劳动力台账' });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await ApiClient.loginReady(server.url, 'admin', server.adminPassword, 'Jiuye-Next-2026!');
    const clerkAccount = await createAccount(server, admin, {
      username: 'xf_ledger',
      displayName: '忻府区台账员',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
      captureScope: ['140902000000'],
    });
    // A clerk of 原平市, another county of 忻州市, who asks for people registered in 忻府区.
    const neighbourAccount = await createAccount(server, admin, {
      username: 'yp_ledger',
      displayName: '原平市台账员',
      roles: ['county_staff'],
      viewScope: ['140981000000'],
      captureScope: ['140981000000'],
    });
    await admin.dispose();
    clerk = await ApiClient.loginReady(server.url, 'xf_ledger', clerkAccount.oneTimePassword, PASSWORD);
    neighbour = await ApiClient.loginReady(
      server.url,
      'yp_ledger',
      neighbourAccount.oneTimePassword,
      'Ledger-Yp-2026!',
    );
    ({ page } = await newPage(browser, server.url));
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshots(browser, task.name);
  });

  afterAll(async () => {
    await clerk?.dispose();
    await neighbour?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('refuses a file that is not a ledger with the server’s message', async () => {
    await submitLogin(page, 'xf_ledger', PASSWORD);
    await openMenu(page, '实名制台账', '劳动力台账');
    await page.waitForURL('**/registry/laborers');
    await page.getByRole('button', { name: '导入' }).click();
    const dialog = await visible(importDialog());

    // A Windows program renamed to .xlsx.
    await chooseFile(page, dialog, '台账.xlsx', Buffer.from('MZ\x90\x00\x03\x00\x00\x00binary', 'latin1'));
    await dialog.getByRole('button', { name: '预检' }).click();
    await visible(dialog.getByRole('alert').filter({ hasText: '文件未能导入' }));
    expect(await dialog.getByRole('alert').innerText()).toMatch(/请导入 \.xlsx 或 \.csv 文件/);
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('imports a ledger whose bad row is reported in the dry run and in the error workbook', async () => {
    const ledger = await buildLedgerWorkbook(HEADERS, [
      {
        序号: 1,
        区划代码: VILLAGE,
        户编号: '1409021012010001',
        户类型: '脱贫户',
        '*姓名': '张秀英',
        '*证件号码': ZHANG,
        与户主关系: '户主',
        联系电话: '13903501234',
        文化程度: '初中',
        劳动技能: '普通劳动力',
        就业意愿: '外出务工',
        就业服务需求: '职业介绍',
      },
      {
        序号: 2,
        区划代码: VILLAGE,
        户编号: '1409021012010001',
        户类型: '脱贫户',
        '*姓名': '李建国',
        '*证件号码': withWrongCheckCharacter(LI),
        与户主关系: '配偶',
        文化程度: '高中',
        劳动技能: '技能劳动力',
      },
      {
        序号: 3,
        区划代码: VILLAGE,
        户编号: '1409021012010002',
        户类型: '监测户',
        '*姓名': '王志刚',
        '*证件号码': WANG,
        与户主关系: '户主',
        文化程度: '初中',
        劳动技能: '普通劳动力',
      },
    ]);

    await page.getByRole('button', { name: '导入' }).click();
    const dialog = await visible(importDialog());
    await chooseFile(page, dialog, '辛庄村台账.xlsx', ledger);

    // 预检: every row decided, nothing written.
    await dialog.getByRole('button', { name: '预检' }).click();
    await visible(dialog.getByText('预检完成：共 3 行，未写入任何数据'));
    const dryCounts = dialog.getByRole('group', { name: '导入结果统计' });
    expect(await dryCounts.innerText()).toMatch(/将新增\s*2\s*人[\s\S]*将拒绝\s*1\s*人/);
    await visible(dialog.getByRole('cell', { name: /第4行 \*证件号码：校验位不正确/ }));
    expect(await laborers('张秀英')).toEqual([]);

    // The whole report, page by page on the server.
    await dialog.getByText('全部', { exact: true }).click();
    await visible(dialog.getByRole('row').filter({ hasText: '将新增' }).nth(1));
    expect(await dialog.getByRole('row').filter({ hasText: '将新增' }).count()).toBe(2);

    // The real run, from the same file.
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    await visible(dialog.getByText('导入完成：共 3 行'));
    expect(await dialog.getByRole('group', { name: '导入结果统计' }).innerText()).toMatch(
      /已新增\s*2\s*人[\s\S]*已拒绝\s*1\s*人/,
    );

    const downloading = page.waitForEvent('download');
    await dialog.getByRole('link', { name: /下载错误报告/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('导入错误报告.xlsx');
    errorWorkbook = fs.readFileSync(await download.path());
    const rows = await readWorkbookText(errorWorkbook);
    const header = rows[0]!;
    expect(header).toContain('*证件号码');
    expect(rows).toHaveLength(2);
    const rejected = rows[1]!;
    expect(rejected[header.indexOf('*姓名')]).toBe('李建国');
    expect(rejected.join(' ')).toMatch(/第4行 \*证件号码：校验位不正确/);

    await dialog.getByRole('button', { name: '完成' }).click();
    await visible(page.getByRole('link', { name: '王志刚' }));
    const imported = await laborers('张秀英');
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ householdNumber: '1409021012010001' });
    expect(await laborers('李建国')).toEqual([]);
  });

  it('imports the row again once it is fixed in the error workbook', async () => {
    // The clerk corrects the number in the error workbook and imports that file.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(errorWorkbook as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = sheet.getRow(1).values as unknown[];
    sheet.getRow(2).getCell(header.indexOf('*证件号码')).value = LI;
    const fixed = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByRole('button', { name: '导入' }).click();
    const dialog = await visible(importDialog());
    await chooseFile(page, dialog, '导入错误报告（已改正）.xlsx', fixed);
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    await visible(dialog.getByText('导入完成：共 1 行'));
    expect(await dialog.getByRole('group', { name: '导入结果统计' }).innerText()).toMatch(
      /已新增\s*1\s*人[\s\S]*已拒绝\s*0\s*人/,
    );
    await dialog.getByRole('button', { name: '完成' }).click();

    const [li] = await laborers('李建国');
    expect(li?.idNumberMasked).toBe(`1409**********${LI.slice(-4)}`);
    expect(li?.householdNumber).toBe('1409021012010001');
  });

  it('exports the list masked, and with full ID numbers by a POST whose body holds the purpose', async () => {
    const idColumn = (rows: string[][]) => rows.slice(1).map((row) => row[rows[0]!.indexOf('证件号码')]);

    const maskedDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出' }).click();
    const masked = await readWorkbookText(fs.readFileSync(await (await maskedDownload).path()));
    expect(idColumn(masked).sort()).toEqual(
      [ZHANG, LI, WANG].map((id) => `1409**********${id.slice(-4)}`).sort(),
    );

    await page.getByRole('button', { name: '更多选项' }).hover();
    await page.getByRole('menuitem', { name: '导出完整证件号码…' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: '导出完整证件号码' }));
    await dialog.getByLabel('导出目的').fill('报送县人社局核对务工补贴名单');
    const sent = page.waitForRequest((request) => request.url().includes('/api/laborers/export.xlsx'));
    const fullDownload = page.waitForEvent('download');
    await dialog.getByRole('button', { name: /^导\s*出$/ }).click();
    const request = await sent;
    // The purpose travels in the body of a POST with the CSRF token, never in the URL (OWASP ASVS V8.3.1).
    expect(request.method()).toBe('POST');
    expect(request.url()).not.toContain('purpose');
    expect(request.postDataJSON()).toMatchObject({ reveal: true, purpose: '报送县人社局核对务工补贴名单' });
    expect(await request.headerValue('x-csrf-token')).toBeTruthy();
    const download = await fullDownload;
    expect(download.suggestedFilename()).toMatch(/^劳动力台账_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const full = await readWorkbookText(fs.readFileSync(await download.path()));
    expect(idColumn(full).sort()).toEqual([ZHANG, LI, WANG].sort());
    await dialog.waitFor({ state: 'hidden' });
  });

  it('finds the person by pinyin initials, edits them and sees the change in the history', async () => {
    const search = page.getByRole('form', { name: '查询条件' });
    await search.getByLabel('姓名/证件').fill('ljg');
    await search.getByRole('button', { name: '搜索' }).click();
    // 李建国 is on screen before the search too: wait for the filtered page, on which 张秀英 is gone.
    await page.getByRole('link', { name: '张秀英' }).waitFor({ state: 'detached' });
    await visible(page.getByRole('link', { name: '李建国' }));

    await page.getByRole('link', { name: '李建国' }).click();
    await page.waitForURL(/\/registry\/laborers\/\d+$/);
    await visible(page.getByRole('heading', { name: '李建国' }));
    await page.getByRole('button', { name: '编辑' }).click();
    const drawer = await visible(page.getByRole('dialog', { name: '修改劳动力：李建国' }));
    // The form shows the stored value before it is changed, and the choice before it is saved: on a busy machine a
    // choice made before the form had its values was overwritten by them and nothing changed.
    const education = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('文化程度') });
    await visible(education.filter({ hasText: '高中' }));
    await chooseOption(page, drawer.getByLabel('文化程度'), '大学专科');
    await visible(education.filter({ hasText: '大学专科' }));
    await drawer.getByRole('button', { name: '保存' }).click();
    await toast(page, '劳动力信息已修改');

    // The history on the page names the field with its old and new labels.
    const history = page.locator('.ant-card').filter({ hasText: '修改记录' });
    const change = history.getByRole('row').filter({ hasText: '文化程度' });
    await visible(change);
    expect(await change.innerText()).toMatch(/高中[\s\S]*大学专科/);

    // And the data: the change, from the web, with the codes.
    const [li] = await laborers('李建国');
    const changes = await clerk.getJson<{ items: Change[] }>(`/laborers/${li!.id}/history`);
    expect(changes.items).toContainEqual(
      expect.objectContaining({ field: 'education', oldValue: '60', newValue: '30', source: 'web' }),
    );
  });

  it('shows the imported household with its members', async () => {
    await openMenu(page, '实名制台账', '农户台账');
    await page.waitForURL('**/registry/households');
    const search = page.getByRole('form', { name: '查询条件' });
    await search.getByLabel('户编号').fill('1409021012010001');
    await search.getByRole('button', { name: '搜索' }).click();
    const row = page.getByRole('row').filter({ hasText: '1409021012010001' });
    await visible(row);
    expect(await row.innerText()).toMatch(/张秀英[\s\S]*辛庄村委会[\s\S]*脱贫户/);
    // 成员数: 张秀英 and 李建国 (imported after the fix).
    expect(await row.getByRole('cell', { name: '2', exact: true }).count()).toBe(1);

    await row.getByRole('link', { name: '详情' }).click();
    await page.waitForURL(/\/registry\/households\/\d+$/);
    await visible(page.getByText('家庭成员（2）'));
    await visible(page.getByRole('row', { name: /^张秀英 户主 女 1987-09-21/ }));
    await page.getByRole('link', { name: '李建国' }).click();
    await page.waitForURL(/\/registry\/laborers\/\d+$/);
    await visible(page.getByRole('heading', { name: '李建国' }));
  });

  it('refuses one transfer request with a reason and accepts another', async () => {
    const [township] = await neighbour.getJson<Region[]>('/regions/children', { parent: '140981000000' });
    const [village] = await neighbour.getJson<Region[]>('/regions/children', { parent: township!.code });
    for (const id of [WANG, ZHANG]) {
      await neighbour.postJson('/registry/transfers', {
        idNumber: id,
        toRegionCode: village!.code,
        reason: '婚嫁迁入原平市',
      });
    }

    await openMenu(page, '实名制台账', '跨区划转移');
    await page.waitForURL('**/registry/transfers');
    const wang = page.getByRole('row').filter({ hasText: '王志刚' });
    await visible(wang);
    expect(await wang.innerText()).toMatch(/辛庄村委会[\s\S]*婚嫁迁入原平市[\s\S]*待处理/);

    await wang.getByText('拒绝', { exact: true }).click();
    const refusal = await visible(page.getByRole('dialog', { name: '拒绝转移申请' }));
    await refusal.getByRole('button', { name: /拒\s*绝/ }).click();
    await visible(refusal.getByText('请填写拒绝原因'));
    await refusal.getByLabel('拒绝原因').fill('本人仍在本村居住，未办理户籍迁移');
    await refusal.getByRole('button', { name: /拒\s*绝/ }).click();
    await toast(page, '已拒绝转移申请');

    await page.getByRole('row').filter({ hasText: '张秀英' }).getByText('同意', { exact: true }).click();
    const acceptance = await visible(page.getByRole('dialog', { name: '同意转移申请' }));
    await acceptance.getByRole('button', { name: /同\s*意/ }).click();
    await toast(page, '已同意转移，户籍地已变更');

    const sent = await neighbour.getJson<{ items: Transfer[] }>('/registry/transfers', {
      direction: 'outgoing',
    });
    expect(sent.items).toContainEqual(
      expect.objectContaining({
        laborerName: null,
        status: 'refused',
        decisionNote: '本人仍在本村居住，未办理户籍迁移',
      }),
    );
    expect(sent.items.filter((transfer) => transfer.status === 'accepted')).toHaveLength(1);
    // 张秀英 now belongs to 原平市: 忻府区 no longer sees her, 原平市 does.
    expect(await laborers('张秀英')).toEqual([]);
    const moved = await neighbour.getJson<{ items: LaborerItem[] }>('/laborers', { q: '张秀英' });
    expect(moved.items.map((item) => item.name)).toEqual(['张秀英']);
  });
});
