import crypto from 'node:crypto';
import { checkPasswordStrength, PASSWORD_PROBLEM_MESSAGES } from '@jiuye/domain';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/create-db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { importRegions } from '../modules/regions/region.import.ts';
import { hashPassword, verifyPassword } from '../modules/auth/password-hash.ts';
import { seedDemo } from './demo.ts';
import { BUILT_IN_ADMIN_USERNAME as ADMIN_USERNAME } from '../modules/users/user.service.ts';

/** A random password that satisfies the policy: 16 characters from four classes. */
export function generatePassword(): string {
  const pick = (alphabet: string, count: number) =>
    Array.from({ length: count }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
  const chars = [
    ...pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 4),
    ...pick('abcdefghijkmnopqrstuvwxyz', 6),
    ...pick('23456789', 4),
    ...pick('!@#%*-_+', 2),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/**
 * First start (issue 2 item 10): migrate; import Shanxi's regions when there are none; create the built-in `admin`
 * system administrator with JIUYE_ADMIN_PASSWORD or a random password printed once; with `demo`, add the demo
 * organisations and users. Every step is idempotent.
 */
export async function initialize(
  db: Db,
  config: Pick<Config, 'adminPassword'>,
  options: { demo: boolean; log: (line: string) => void },
): Promise<void> {
  const { log } = options;
  await migrateToLatest(db);
  await (await import('../modules/registry/reference-data.ts')).seedRegistryReferenceData(db); // 字典 and 职业分类大典

  const regionCount = await db
    .selectFrom('region')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(regionCount.n) === 0) {
    log('导入山西省统计用区划代码 (importing the region codes of Shanxi) …');
    const result = await importRegions(db, { prefixes: ['14'] });
    log(`已导入 ${result.total} 个区划 (${(result.milliseconds / 1000).toFixed(1)} s)`);
  }

  const admin = await db
    .selectFrom('appUser')
    .select(['id', 'passwordHash'])
    .where('username', '=', ADMIN_USERNAME)
    .executeTakeFirst();
  if (!admin) {
    if (config.adminPassword) {
      const problems = checkPasswordStrength(config.adminPassword, ADMIN_USERNAME);
      if (problems.length > 0) {
        throw new Error(
          `JIUYE_ADMIN_PASSWORD 不符合密码要求 (does not meet the password policy): ${problems
            .map((problem) => PASSWORD_PROBLEM_MESSAGES[problem])
            .join('；')}`,
        );
      }
    }
    const password = config.adminPassword ?? generatePassword();
    await createAdmin(db, password);
    log('');
    log('已创建系统管理员 (system administrator created):');
    log(`  用户名 username: ${ADMIN_USERNAME}`);
    if (config.adminPassword) log('  密码 password: JIUYE_ADMIN_PASSWORD 的值 (首次登录须修改)');
    else
      log(
        `  初始密码 initial password: ${password}   (只显示这一次，首次登录须修改 / shown once; change it at first login)`,
      );
  } else if (config.adminPassword && !(await verifyPassword(admin.passwordHash, config.adminPassword))) {
    log(
      '提示: admin 已存在，JIUYE_ADMIN_PASSWORD 只在首次启动时使用 (admin exists; the variable is used on first start only)',
    );
  }

  if (options.demo) await seedDemo(db, log);
}

async function createAdmin(db: Db, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('appUser')
      .values({
        username: ADMIN_USERNAME,
        displayName: '系统管理员',
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: true,
        failedLoginCount: 0,
        isActive: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('passwordHistory').values({ userId: id, passwordHash, createdAt: now }).execute();
    await trx.insertInto('userRole').values({ userId: id, role: 'system_admin' }).execute();
    await trx
      .insertInto('userScope')
      .values({ userId: id, kind: 'view', regionCode: '140000000000' })
      .execute();
    await trx
      .insertInto('userScope')
      .values({ userId: id, kind: 'capture', regionCode: '140000000000' })
      .execute();
  });
}
