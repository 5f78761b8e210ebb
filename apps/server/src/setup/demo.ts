import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '@jiuye/domain';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/create-db.ts';
import { hashPassword } from '../modules/auth/password-hash.ts';
import { generatePassword } from '../modules/auth/password-generator.ts';

const CITY = '140900000000'; // 忻州市
const COUNTY = '140902000000'; // 忻府区

interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  scope: string;
  organization?: string;
}

/**
 * Demo organisations and one user of each role for 忻州市 and 忻府区 (`--demo`). Idempotent: an existing demo user
 * keeps its password. New passwords are printed once and appended to `accountsFile` (mode 600; the server passes
 * demo-accounts.txt beside the database).
 */
export async function seedDemo(
  db: Db,
  log: (line: string) => void,
  accountsFile = 'data/demo-accounts.txt',
): Promise<void> {
  const township = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('parentCode', '=', COUNTY)
    .orderBy('code')
    .executeTakeFirst();
  const village = township
    ? await db
        .selectFrom('region')
        .select(['code', 'name'])
        .where('parentCode', '=', township.code)
        .orderBy('code')
        .executeTakeFirst()
    : undefined;
  if (!township || !village) {
    log('提示: 区划中没有忻府区的乡镇和村，跳过演示数据 (no regions of 忻府区: demo data skipped)');
    return;
  }

  const now = nowIso();
  const organizations: Array<{
    key: string;
    name: string;
    kind: string;
    regionCode: string;
    serviceArea?: string;
  }> = [
    { key: 'park', name: '忻州市人力资源服务产业园', kind: 'hr_service_park', regionCode: CITY },
    { key: 'county', name: '忻府区就业帮扶服务中心', kind: 'county_service_center', regionCode: COUNTY },
    {
      key: 'township',
      name: `${township.name}就业服务站`,
      kind: 'township_service_station',
      regionCode: township.code,
    },
    {
      key: 'village',
      name: `${village.name}就业服务专人`,
      kind: 'village_service_specialist',
      regionCode: village.code,
    },
    {
      key: 'station',
      name: '忻州市驻北京劳务服务站',
      kind: 'labor_service_station',
      regionCode: CITY,
      serviceArea: '北京市',
    },
  ];
  const orgIds = new Map<string, number>();
  for (const org of organizations) {
    const existing = await db
      .selectFrom('organization')
      .select('id')
      .where('name', '=', org.name)
      .where('regionCode', '=', org.regionCode)
      .executeTakeFirst();
    const id =
      existing?.id ??
      (
        await db
          .insertInto('organization')
          .values({
            name: org.name,
            kind: org.kind,
            regionCode: org.regionCode,
            serviceArea: org.serviceArea ?? null,
            isActive: true,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    orgIds.set(org.key, id);
  }

  const users: DemoUser[] = [
    { username: 'sheng', displayName: '省级演示用户', role: 'province_staff', scope: '140000000000' },
    {
      username: 'xinzhou',
      displayName: '忻州市演示用户',
      role: 'city_staff',
      scope: CITY,
      organization: 'park',
    },
    {
      username: 'xinfu',
      displayName: '忻府区演示用户',
      role: 'county_staff',
      scope: COUNTY,
      organization: 'county',
    },
    {
      username: 'xiangzhen',
      displayName: '乡镇演示用户',
      role: 'township_staff',
      scope: township.code,
      organization: 'township',
    },
    {
      username: 'cun',
      displayName: '村专人演示用户',
      role: 'village_staff',
      scope: village.code,
      organization: 'village',
    },
    { username: 'qiye', displayName: '用人单位演示用户', role: 'employer', scope: COUNTY },
    { username: 'peixun', displayName: '培训机构演示用户', role: 'training_provider', scope: COUNTY },
    { username: 'anquan', displayName: '安全管理员', role: 'security_admin', scope: '140000000000' },
    { username: 'shenji', displayName: '审计管理员', role: 'audit_admin', scope: '140000000000' },
  ];
  const created: Array<DemoUser & { password: string }> = [];
  for (const user of users) {
    const exists = await db
      .selectFrom('appUser')
      .select('id')
      .where('username', '=', user.username)
      .executeTakeFirst();
    if (exists) continue;
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('appUser')
        .values({
          username: user.username,
          displayName: user.displayName,
          passwordHash,
          passwordChangedAt: now,
          // Demo accounts skip the first-login change so the demo opens straight onto the pages.
          mustChangePassword: false,
          failedLoginCount: 0,
          organizationId: user.organization ? orgIds.get(user.organization)! : null,
          isActive: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('passwordHistory').values({ userId: id, passwordHash, createdAt: now }).execute();
      await trx.insertInto('userRole').values({ userId: id, role: user.role }).execute();
      await trx
        .insertInto('userScope')
        .values({ userId: id, kind: 'view', regionCode: user.scope })
        .execute();
      await trx
        .insertInto('userScope')
        .values({ userId: id, kind: 'capture', regionCode: user.scope })
        .execute();
    });
    created.push({ ...user, password });
  }
  if (created.length === 0) return;

  const lines = created.map((u) => `  ${u.username.padEnd(10)} ${u.password}   ${u.displayName} (${u.role})`);
  log('');
  log('演示账号 (demo accounts, 忻州市 / 忻府区):');
  for (const line of lines) log(line);
  if (accountsFile) {
    fs.mkdirSync(path.dirname(accountsFile), { recursive: true });
    fs.appendFileSync(accountsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
    log(`  (已保存到 ${accountsFile})`);
  }
}
