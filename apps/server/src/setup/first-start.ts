import path from 'node:path';
import { checkPasswordStrength, PASSWORD_PROBLEM_MESSAGES, type PasswordProblem } from '@jiuye/domain';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/create-db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { importRegions } from '../modules/regions/region.import.ts';
import { hashPassword, verifyPassword } from '../modules/auth/password-hash.ts';
import { generatePassword } from '../modules/auth/password-generator.ts';
import { isGuessablePassword } from '../modules/auth/password-guessability.ts';
import { seedDemo } from './demo.ts';
import { BUILT_IN_ADMIN_USERNAME as ADMIN_USERNAME } from '../modules/users/user-authority.ts';

/**
 * First start: migrate; import Shanxi's regions when there are none; create the built-in `admin` system
 * administrator with JIUYE_ADMIN_PASSWORD or a random password printed once; with `demo`, add the demo
 * organisations and users. Every step is idempotent.
 */
export async function initialize(
  db: Db,
  config: Pick<Config, 'adminPassword'> & Partial<Pick<Config, 'dataDir'>>,
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
      // The rule every password change applies: the 等保 classes, then the common-password check.
      const problems: PasswordProblem[] = checkPasswordStrength(config.adminPassword, ADMIN_USERNAME);
      if (problems.length === 0 && isGuessablePassword(config.adminPassword, [ADMIN_USERNAME]))
        problems.push('too_common');
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

  await createSecurityAdminIfNone(db, log);

  // demo-accounts.txt beside the database, wherever jiuye was started from.
  if (options.demo)
    await seedDemo(db, log, config.dataDir ? path.join(config.dataDir, 'demo-accounts.txt') : undefined);
}

async function createAdmin(db: Db, password: string): Promise<void> {
  await insertBuiltInAdmin(db, {
    username: ADMIN_USERNAME,
    displayName: '系统管理员',
    role: 'system_admin',
    password,
  });
}

/** The built-in security administrator, created at first start when no account holds the role. */
export const BUILT_IN_SECURITY_ADMIN_USERNAME = 'secadmin';

/**
 * 三员分立 (GB/T 22239-2019 8.1.4.2): accounts the system administrator creates wait for a security administrator's
 * grant, so a platform without one could never authorise anybody. When no account holds security_admin, first start
 * creates `secadmin` with a generated password printed once, to hand to the person who will be the security
 * administrator; it must be changed at first login, and does not expire (nobody could issue another).
 */
async function createSecurityAdminIfNone(db: Db, log: (line: string) => void): Promise<void> {
  const holder = await db
    .selectFrom('userRole')
    .select('userId')
    .where('role', '=', 'security_admin')
    .executeTakeFirst();
  const taken = await db
    .selectFrom('appUser')
    .select('id')
    .where('username', '=', BUILT_IN_SECURITY_ADMIN_USERNAME)
    .executeTakeFirst();
  if (holder || taken) return;
  const password = generatePassword();
  await insertBuiltInAdmin(db, {
    username: BUILT_IN_SECURITY_ADMIN_USERNAME,
    displayName: '安全管理员',
    role: 'security_admin',
    password,
  });
  log('');
  log('已创建安全管理员 (security administrator created: grants roles and issues one-time passwords):');
  log(`  用户名 username: ${BUILT_IN_SECURITY_ADMIN_USERNAME}`);
  log(
    `  初始密码 initial password: ${password}   (只显示这一次，交给安全管理员本人，首次登录须修改 / shown once; hand it to the security administrator)`,
  );
}

async function insertBuiltInAdmin(
  db: Db,
  admin: { username: string; displayName: string; role: string; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(admin.password);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('appUser')
      .values({
        username: admin.username,
        displayName: admin.displayName,
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
    await trx.insertInto('userRole').values({ userId: id, role: admin.role }).execute();
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
