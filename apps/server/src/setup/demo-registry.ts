import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  computeIdCheckCharacter,
  HEALTH,
  JOB_INTENTION,
  seededRng,
  TRAINING_WILLINGNESS,
  type Rng,
} from '@jiuye/domain';
import type { Db } from '../db/database.ts';
import type { KeyRing } from '../lib/field-crypto.ts';
import { CLI_LIMITS, inspectImportFile } from '../modules/files/file-guard.ts';
import { createImportJob, runImportJob } from '../modules/imports/import.service.ts';
import { actorForCli } from '../modules/auth/actor.ts';
import { findAuthUser } from '../modules/users/user-access.repository.ts';

/**
 * Demo ledger (`--demo`): about a hundred labourers in households of three villages of 忻府区, written as a county
 * would keep its Excel ledger and loaded through the real import (validation, encryption, households, employment
 * spells, history), as the demo county user. Skipped when the county already holds labourers.
 */

const COUNTY = '140902000000'; // 忻府区
const COUNTY_USER = 'xinfu';
const HOUSEHOLDS_PER_VILLAGE = 12;

const HEADER = [
  '序号',
  '县(市、区)',
  '乡(镇)',
  '行政村',
  '区划代码',
  '户编号',
  '户类型',
  '姓名',
  '证件号码',
  '性别',
  '出生日期',
  '民族',
  '与户主关系',
  '联系电话',
  '文化程度',
  '健康状况',
  '劳动技能',
  '培训意愿',
  '就业意愿',
  '就业服务需求',
  '是否务工',
  '就业形式',
  '务工地域',
  '务工所在地',
  '就业单位名称',
  '开始年月',
  '月收入(元)',
  '签订合同',
  '参加社保',
] as const;
type Row = Partial<Record<(typeof HEADER)[number], string>>;

const SURNAMES = ['王', '李', '张', '刘', '赵', '杨', '郭', '武', '田', '高', '梁', '任', '薛', '贾', '霍'];
const GIVEN_MALE = [
  '建军',
  '志强',
  '海平',
  '国栋',
  '晓东',
  '文斌',
  '永刚',
  '鹏飞',
  '俊杰',
  '二虎',
  '宏伟',
  '亮',
];
const GIVEN_FEMALE = [
  '丽娟',
  '秀英',
  '海燕',
  '晓红',
  '玉兰',
  '春梅',
  '慧敏',
  '艳',
  '桂香',
  '雪芳',
  '丹',
  '婷',
];

/** Where people of 忻府区 work, by 务工地域, with the county code of the place and a typical employer. */
const JOBS = [
  { area: '省外', place: '110105', employer: '北京城建集团某项目部', form: '单位就业', wage: [4500, 7000] },
  { area: '省外', place: '320583', employer: '昆山某电子有限公司', form: '单位就业', wage: [4200, 6000] },
  { area: '省外', place: '130102', employer: '石家庄某家政服务公司', form: '灵活就业', wage: [3500, 5000] },
  { area: '省内县外', place: '140105', employer: '太原某物流有限公司', form: '单位就业', wage: [3200, 4800] },
  { area: '省内县外', place: '140981', employer: '原平某食品有限公司', form: '单位就业', wage: [2800, 4000] },
] as const;

/** The services someone not in work asks for, by 就业意愿 (人社部发〔2016〕119号 二（二）至（五）). */
const NEEDS: Readonly<Record<string, string>> = {
  local: '职业介绍、技能培训',
  migrant: '有组织外出',
  self_employment: '创业服务、政策咨询',
  welfare_post: '公益性岗位安置',
};

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function idNumberOf(county6: string, birthDate: string, sequence: number, sex: '1' | '2'): string {
  // The 3-digit order number: odd for men, even for women (GB 11643 4.3).
  const order = sequence * 2 + (sex === '1' ? 1 : 0);
  const first17 = `${county6}${birthDate.replaceAll('-', '')}${String(order % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckCharacter(first17);
}

function csvOf(rows: ReadonlyArray<readonly string[]>): string {
  const quote = (cell: string) => (/[",\n\r]/u.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return `${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

interface Village {
  code: string;
  name: string;
  township: string;
}

/** The ledger rows: households of 2 to 4 labourers, head first, most in work, some looking for it. */
export function demoLedgerRows(villages: readonly Village[], countyName: string, seed = 2022): string[][] {
  const rng = seededRng(seed);
  const rows: string[][] = [];
  let sequence = 0;
  for (const village of villages) {
    for (let h = 1; h <= HOUSEHOLDS_PER_VILLAGE; h++) {
      const surname = pick(rng, SURNAMES);
      const householdNumber = `${village.code.slice(6)}${String(h).padStart(3, '0')}`;
      const householdType = rng() < 0.8 ? '脱贫户' : '监测户';
      const headBirthYear = between(rng, 1966, 1988);
      const members: Array<{ relation: string; sex: '1' | '2'; birthYear: number }> = [
        { relation: '户主', sex: '1', birthYear: headBirthYear },
        { relation: '妻', sex: '2', birthYear: headBirthYear + between(rng, -2, 3) },
      ];
      if (headBirthYear < 1980 && rng() < 0.7) {
        const sex = rng() < 0.5 ? '1' : '2';
        members.push({
          relation: sex === '1' ? '长子' : '长女',
          sex,
          birthYear: headBirthYear + between(rng, 22, 26),
        });
      }
      if (rng() < 0.2) members.pop();
      for (const member of members) {
        sequence += 1;
        const birthDate = `${member.birthYear}-${String(between(rng, 1, 12)).padStart(2, '0')}-${String(between(rng, 1, 28)).padStart(2, '0')}`;
        const age = 2026 - member.birthYear;
        const healthy = rng() < 0.85;
        const working = healthy && rng() < 0.75;
        const job = pick(rng, JOBS);
        const row: Row = {
          序号: String(sequence),
          '县(市、区)': countyName,
          '乡(镇)': village.township,
          行政村: village.name,
          区划代码: village.code,
          户编号: householdNumber,
          户类型: householdType,
          姓名: surname + pick(rng, member.sex === '1' ? GIVEN_MALE : GIVEN_FEMALE),
          证件号码: idNumberOf(village.code.slice(0, 6), birthDate, sequence, member.sex),
          出生日期: birthDate,
          民族: '汉族',
          与户主关系: member.relation,
          联系电话: `1${pick(rng, ['39', '58', '87', '35'])}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`,
          文化程度: age > 45 ? pick(rng, ['小学', '初中', '初中']) : pick(rng, ['初中', '高中', '技工学校']),
          健康状况: healthy ? HEALTH.entries[0]!.label : pick(rng, HEALTH.entries.slice(1, 3)).label,
          劳动技能: rng() < 0.25 ? '技能劳动力' : '普通劳动力',
          培训意愿: pick(rng, TRAINING_WILLINGNESS.entries).label,
          是否务工: working ? '是' : '否',
        };
        if (working) {
          Object.assign(row, {
            就业形式: job.form,
            务工地域: job.area,
            务工所在地: job.place,
            就业单位名称: job.employer,
            开始年月: `${between(rng, 2021, 2026)}-${String(between(rng, 1, 9)).padStart(2, '0')}`,
            '月收入(元)': String(between(rng, job.wage[0], job.wage[1] / 100) * 100),
            签订合同: job.form === '单位就业' ? '是' : '否',
            参加社保: job.form === '单位就业' && rng() < 0.6 ? '是' : '否',
          } satisfies Row);
        } else {
          const intention = pick(rng, JOB_INTENTION.entries.slice(0, 4));
          row.就业意愿 = intention.label;
          row.就业服务需求 = NEEDS[intention.code]!;
        }
        rows.push(HEADER.map((name) => row[name] ?? ''));
      }
    }
  }
  return [[...HEADER], ...rows];
}

export async function seedDemoRegistry(db: Db, ring: KeyRing, log: (line: string) => void): Promise<void> {
  const existing = await db
    .selectFrom('laborer')
    .select('id')
    .where('regionCode', '>=', COUNTY.slice(0, 6).padEnd(12, '0'))
    .where('regionCode', '<=', COUNTY.slice(0, 6).padEnd(12, '9'))
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const userRow = await db
    .selectFrom('appUser')
    .select('id')
    .where('username', '=', COUNTY_USER)
    .executeTakeFirst();
  const user = userRow ? await findAuthUser(db, userRow.id) : undefined;
  const county = await db.selectFrom('region').select('name').where('code', '=', COUNTY).executeTakeFirst();
  if (!user || !county) return;
  const villages = await db
    .selectFrom('region as v')
    .innerJoin('region as t', 't.code', 'v.parentCode')
    .select(['v.code', 'v.name', 't.name as township'])
    .where('v.level', '=', 5)
    .where('v.code', '>=', COUNTY.slice(0, 6).padEnd(12, '0'))
    .where('v.code', '<=', COUNTY.slice(0, 6).padEnd(12, '9'))
    .orderBy('v.code')
    .limit(3)
    .execute();
  if (villages.length === 0) return;

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-demo-ledger-'));
  const file = path.join(directory, '忻府区劳动力台账（演示）.csv');
  try {
    fs.writeFileSync(file, csvOf(demoLedgerRows(villages, county.name)));
    const inspected = await inspectImportFile(file, CLI_LIMITS);
    // As the county user, as `jiuye import laborers --user xinfu` would.
    const actor = await actorForCli(db, COUNTY_USER);
    const jobId = await createImportJob(db, actor, {
      path: file,
      fileName: path.basename(file),
      inspected,
      options: { dryRun: false, update: false },
      ownsFile: false,
    });
    const summary = await runImportJob(db, ring, jobId, actor, { limits: CLI_LIMITS });
    log(
      `演示台账 (demo ledger): ${county.name} ${villages.length} 个村，新增 ${summary.created} 名劳动力` +
        (summary.rejected > 0 ? `，${summary.rejected} 行未通过校验` : ''),
    );
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
