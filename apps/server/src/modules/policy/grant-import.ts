import path from 'node:path';
import {
  chinaDate,
  isWithinScope,
  maskIdNumber,
  normalizeRegionCode,
  regionLevel,
  validateIdNumber,
} from '@jiuye/domain';
import type { Ruleset, SubjectKind } from '@jiuye/domain/policy/index.ts';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { assertCan, type Actor } from '../auth/actor.ts';
import { findLaborerRegionsByIdIndex } from '../registry/laborer-facts.repository.ts';
import { idNumberIndexOf } from '../registry/laborer.mapping.ts';
import { inspectImportFile, type ImportLimits } from '../files/file-guard.ts';
import { isBlankRow, readRows, type CellValue } from '../files/file-reader.ts';
import { loadRuleset } from './policy-ruleset.ts';
import {
  findExistingGrantKeys,
  findExistingRegionCodes,
  grantKeyOf,
  insertGrants,
} from './policy.repository.ts';
import type { NewPolicyGrant } from './policy.table.ts';

/**
 * `jiuye grants import FILE`: earlier grants from an xlsx or csv (UTF-8 or GBK) with Chinese headers, because caps
 * and "once a year" depend on them. All or nothing: every bad cell is reported with its row and column and nothing
 * is written; a row the ledger already holds (same subject, person, benefit, period, amount and decision date) is
 * skipped, so importing the same file twice changes nothing. The file goes through the registry import's guard and
 * reader (hostile files refused before parsing).
 *
 * Region scope (every person-level row carries the region that owns it; writes stay inside the capture scope). Each
 * grant records the region that granted it, a county or finer code:
 *   - the file's 区划代码 / 发放地 column when the row fills it (6-, 9- or 12-digit code of the region table);
 *   - else, for a row about a labourer in the registry (found by the blind index of the ID number), the
 *     labourer's 户籍地, the region whose staff keep that person's ledger;
 *   - else the importer's capture scope, but only when it is a single region of county level or finer (a county
 *     clerk's own county); an importer of wider or several regions must say which, and the row is refused naming
 *     its row and column.
 * A row whose region lies outside the importer's capture scope is refused the same way, and with it the whole file
 * (a county can no longer write the grants of another county).
 */

type Column =
  | 'subjectKind'
  | 'subjectId'
  | 'idNumber'
  | 'benefit'
  | 'periodStart'
  | 'periodEnd'
  | 'amount'
  | 'months'
  | 'decidedOn'
  | 'rulesetVersion'
  | 'source'
  | 'regionCode';

/** Column → its name in the template and the other names accepted. */
export const GRANT_COLUMNS: Record<Column, { name: string; aliases: string[]; required: boolean }> = {
  subjectKind: { name: '主体类型', aliases: ['申领主体类型'], required: false },
  subjectId: { name: '主体编号', aliases: ['统一社会信用代码', '单位编号', '机构编号'], required: false },
  idNumber: { name: '证件号码', aliases: ['身份证号码', '身份证号', '公民身份号码'], required: false },
  benefit: { name: '待遇', aliases: ['待遇项目', '补贴项目', '补贴类型', '待遇编号'], required: true },
  periodStart: { name: '所属期起', aliases: ['所属期开始', '所属期', '所属期起始'], required: true },
  periodEnd: { name: '所属期止', aliases: ['所属期结束', '所属期截止'], required: false },
  amount: { name: '金额（元）', aliases: ['金额(元)', '金额', '发放金额', '发放金额（元）'], required: true },
  months: { name: '月数', aliases: ['享受月数', '补贴月数'], required: false },
  decidedOn: { name: '决定日期', aliases: ['审批日期', '发放日期', '核定日期'], required: true },
  rulesetVersion: { name: '规则版本', aliases: [], required: false },
  source: { name: '依据', aliases: ['来源', '文号', '依据文号'], required: false },
  regionCode: {
    name: '区划代码',
    aliases: ['发放地', '发放地区划代码', '发放地区划', '发放地代码', '发放区划代码'],
    required: false,
  },
};

const SUBJECT_KIND_NAMES: Record<string, SubjectKind> = {
  劳动者: 'person',
  个人: 'person',
  person: 'person',
  用人单位: 'employer',
  企业: 'employer',
  employer: 'employer',
  培训机构: 'provider',
  人力资源服务机构: 'provider',
  provider: 'provider',
  服务站: 'station',
  劳务服务站: 'station',
  station: 'station',
  孵化基地: 'incubator',
  创业孵化基地: 'incubator',
  incubator: 'incubator',
};

const normalizeHeader = (text: string) =>
  text.replace(/\s|\*/gu, '').replace(/\(/gu, '（').replace(/\)/gu, '）');

function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A date cell: an xlsx date, or text 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301. */
export function parseDateCell(cell: CellValue | undefined): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  const text = cellText(cell);
  const match =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isRealDate(year, month, day)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 元 with at most two decimals → fen, exactly (no floating point on text). */
export function parseYuanCell(cell: CellValue | undefined): number | undefined {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 0) return undefined;
    const fen = Math.round(cell * 100);
    if (Math.abs(fen - cell * 100) > 1e-6) return undefined;
    return Number.isSafeInteger(fen) ? fen : undefined;
  }
  const text = cellText(cell)
    .replace(/[,，\s]/gu, '')
    .replace(/元$/u, '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/u.exec(text);
  if (!match) return undefined;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

export interface GrantImportSummary {
  rows: number;
  inserted: number;
  skipped: number;
}

interface ParsedGrant {
  rowNumber: number;
  grant: Omit<NewPolicyGrant, 'createdBy' | 'createdAt' | 'origin' | 'regionCode'>;
  /** The 区划代码 cell normalised to 12 digits (checked against the region table later); null when empty. */
  regionCode: string | null;
}

/** The region a grant of the importer's goes to when nothing else tells: their only capture region, if a county or finer. */
export function defaultGrantRegion(captureScope: readonly string[]): string | undefined {
  const only = captureScope.length === 1 ? captureScope[0]!.trim() : undefined;
  return only && regionLevel(only) >= 3 ? only : undefined;
}

/** Reads and checks every row; returns the grants or every problem found (row and column named). */
export async function parseGrantFile(
  file: string,
  ring: KeyRing,
  ruleset: Ruleset,
  limits: ImportLimits,
): Promise<{ grants: ParsedGrant[]; errors: ErrorDetail[]; sha256: string }> {
  const inspected = await inspectImportFile(file, limits);
  const errors: ErrorDetail[] = [];
  const grants: ParsedGrant[] = [];
  const benefitByName = new Map<string, string>();
  for (const benefit of ruleset.benefits) {
    benefitByName.set(benefit.id, benefit.id);
    benefitByName.set(benefit.label, benefit.id);
  }
  const today = chinaDate(new Date());
  let columns: Map<Column, number> | undefined;
  const seen = new Map<string, number>();
  for await (const { rowNumber, cells } of readRows(file, inspected)) {
    if (isBlankRow(cells)) continue;
    if (!columns) {
      // The header is the first row naming the benefit column (a title row may come before it).
      const headers = cells.map((cell) => normalizeHeader(cellText(cell)));
      const found = new Map<Column, number>();
      for (const [column, spec] of Object.entries(GRANT_COLUMNS) as Array<
        [Column, (typeof GRANT_COLUMNS)[Column]]
      >) {
        const names = [spec.name, ...spec.aliases].map(normalizeHeader);
        const index = headers.findIndex((header) => names.includes(header));
        if (index >= 0) found.set(column, index);
      }
      if (!found.has('benefit')) {
        if (rowNumber >= 5) {
          errors.push({ row: rowNumber, message: '前5行中找不到表头（须含“待遇”列）' });
          break;
        }
        continue;
      }
      const missing = (
        Object.entries(GRANT_COLUMNS) as Array<[Column, (typeof GRANT_COLUMNS)[Column]]>
      ).filter(([column, spec]) => spec.required && !found.has(column));
      for (const [, spec] of missing)
        errors.push({
          row: rowNumber,
          field: spec.name,
          message: `第${rowNumber}行 表头缺少“${spec.name}”列`,
        });
      if (!found.has('idNumber') && !found.has('subjectId')) {
        errors.push({
          row: rowNumber,
          field: GRANT_COLUMNS.idNumber.name,
          message: `第${rowNumber}行 表头须有“证件号码”或“主体编号”列`,
        });
      }
      if (errors.length > 0) break;
      columns = found;
      continue;
    }
    const at = columns;
    const cell = (column: Column) => (at.has(column) ? cells[at.get(column)!] : undefined);
    const problem = (column: Column, message: string) =>
      errors.push({
        row: rowNumber,
        field: GRANT_COLUMNS[column].name,
        message: `第${rowNumber}行 ${GRANT_COLUMNS[column].name}：${message}`,
      });
    const before = errors.length;

    const kindText = cellText(cell('subjectKind'));
    const subjectKind: SubjectKind | undefined = kindText === '' ? 'person' : SUBJECT_KIND_NAMES[kindText];
    if (!subjectKind) problem('subjectKind', `“${kindText}”不是劳动者、用人单位、培训机构、服务站或孵化基地`);

    const subjectId = cellText(cell('subjectId')) || null;
    if (subjectKind && subjectKind !== 'person' && !subjectId)
      problem('subjectId', '非劳动者主体须填写主体编号');
    if (subjectId && subjectId.length > 100) problem('subjectId', '过长（不超过100字符）');

    const idText = cellText(cell('idNumber'));
    let personIdIndex: string | null = null;
    let personIdMasked: string | null = null;
    if (idText) {
      const checked = validateIdNumber(idText, { today });
      if (checked.ok) {
        personIdIndex = idNumberIndexOf(ring, checked.value.idNumber);
        personIdMasked = maskIdNumber(checked.value.idNumber);
      } else problem('idNumber', checked.problems.map((p) => p.message).join('；'));
    } else if (subjectKind === 'person') problem('idNumber', '劳动者须填写证件号码');

    const benefitText = cellText(cell('benefit'));
    const benefitId = benefitByName.get(benefitText);
    if (!benefitText) problem('benefit', '不能为空');
    else if (!benefitId) problem('benefit', `“${benefitText}”不是已知的待遇（填写待遇名称或编号）`);
    else if (subjectKind && ruleset.index.benefits.get(benefitId)?.subjectKind !== subjectKind) {
      const benefit = ruleset.index.benefits.get(benefitId)!;
      problem('benefit', `${benefit.label}的申领主体不是“${kindText || '劳动者'}”`);
    }

    const date = (column: Column, required: boolean): string | null => {
      const raw = cell(column);
      if (cellText(raw) === '') {
        if (required) problem(column, '不能为空');
        return null;
      }
      const parsed = parseDateCell(raw);
      if (!parsed) problem(column, `“${cellText(raw)}”不是有效日期（YYYY-MM-DD）`);
      return parsed ?? null;
    };
    const periodStart = date('periodStart', true);
    const periodEnd = date('periodEnd', false);
    const decidedOn = date('decidedOn', true);
    if (periodStart && periodEnd && periodEnd < periodStart) problem('periodEnd', '早于所属期起');
    if (decidedOn && decidedOn > today) problem('decidedOn', '晚于今天');

    const amountText = cellText(cell('amount'));
    const amountFen = parseYuanCell(cell('amount'));
    if (amountText === '') problem('amount', '不能为空');
    else if (amountFen === undefined) problem('amount', `“${amountText}”不是非负金额（元，最多两位小数）`);

    const monthsText = cellText(cell('months'));
    let months: number | null = null;
    if (monthsText !== '') {
      months = /^\d{1,3}$/u.test(monthsText) ? Number(monthsText) : null;
      if (months === null) problem('months', `“${monthsText}”不是非负整数`);
    }
    const rulesetVersion = cellText(cell('rulesetVersion')) || null;
    const source = cellText(cell('source')) || null;
    if (source && source.length > 300) problem('source', '过长（不超过300字符）');

    const regionText = cellText(cell('regionCode'));
    let regionCode: string | null = null;
    if (regionText !== '') {
      regionCode = normalizeRegionCode(regionText) ?? null;
      if (!regionCode) problem('regionCode', `“${regionText}”不是区划代码（6、9或12位数字）`);
      else if (regionLevel(regionCode) < 3) problem('regionCode', `${regionText} 须为县级或以下区划`);
    }

    if (errors.length > before) continue;
    const grant = {
      subjectKind: subjectKind!,
      subjectId: subjectKind === 'person' ? null : subjectId,
      personIdIndex,
      personIdMasked,
      benefitId: benefitId!,
      periodStart: periodStart!,
      periodEnd,
      amountFen: amountFen!,
      months,
      decidedOn: decidedOn!,
      rulesetVersion,
      source,
    };
    const grantKey = grantKeyOf(grant);
    const earlier = seen.get(grantKey);
    if (earlier !== undefined) {
      errors.push({ row: rowNumber, message: `第${rowNumber}行 与第${earlier}行是同一笔发放记录` });
      continue;
    }
    seen.set(grantKey, rowNumber);
    grants.push({ rowNumber, grant: { ...grant, grantKey }, regionCode });
  }
  if (!columns && errors.length === 0) errors.push({ message: '文件中找不到表头（须含“待遇”列）' });
  else if (columns && grants.length === 0 && errors.length === 0) errors.push({ message: '文件没有数据行' });
  return { grants, errors, sha256: inspected.sha256 };
}

/**
 * The region of each grant (see the head of this file), or a problem naming the row and the 区划代码 column when
 * the row has none or one outside the importer's capture scope.
 */
export async function resolveGrantRegions(
  db: Db,
  parsed: readonly ParsedGrant[],
  captureScope: readonly string[],
): Promise<{ regions: string[]; errors: ErrorDetail[] }> {
  const column = GRANT_COLUMNS.regionCode.name;
  const registered = await findLaborerRegionsByIdIndex(
    db,
    parsed.flatMap((p) => (p.regionCode === null && p.grant.personIdIndex ? [p.grant.personIdIndex] : [])),
  );
  const known = await findExistingRegionCodes(
    db,
    parsed.flatMap((p) => (p.regionCode ? [p.regionCode] : [])),
  );
  const fallback = defaultGrantRegion(captureScope);
  const errors: ErrorDetail[] = [];
  const regions = parsed.map(({ rowNumber, grant, regionCode }) => {
    const problem = (message: string) =>
      errors.push({ row: rowNumber, field: column, message: `第${rowNumber}行 ${column}：${message}` });
    if (regionCode !== null) {
      if (!known.has(regionCode)) problem(`区划代码 ${regionCode} 不存在`);
      else if (!isWithinScope(regionCode, captureScope))
        problem(`${regionCode} 不在您的录入范围内，不能导入其他地区的发放记录`);
      return regionCode;
    }
    const person = grant.personIdIndex ? registered.get(grant.personIdIndex) : undefined;
    if (person) {
      // The person's registered region is not named: it lies outside the importer's scope (writes stay inside the
      // capture scope).
      if (!isWithinScope(person.regionCode, captureScope))
        problem('未填写，该劳动力登记在您的录入范围以外；如系本辖区发放，请填写本辖区的区划代码');
      return person.regionCode;
    }
    if (!fallback) problem('未填写，且该劳动力不在台账中，无法确定发放地；请填写县级或以下区划代码');
    return fallback ?? '';
  });
  return { regions, errors };
}

const byRow = (a: ErrorDetail, b: ErrorDetail) => (a.row ?? 0) - (b.row ?? 0);

/** Imports the file whole or not at all; re-imported rows are skipped. */
export async function importGrants(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  file: string,
  limits: ImportLimits,
  fileName = path.basename(file),
): Promise<GrantImportSummary> {
  assertCan(actor, 'policy:grant');
  const ruleset = await loadRuleset(db);
  const parsed = await parseGrantFile(file, ring, ruleset, limits);
  const { regions, errors: regionErrors } = await resolveGrantRegions(db, parsed.grants, actor.captureScope);
  const errors = [...parsed.errors, ...regionErrors].sort(byRow);
  if (errors.length > 0) throw new AppError('FILE_REJECTED', '发放记录文件有误，未导入任何记录', errors);
  const grants = parsed.grants.map((g, i) => ({ ...g.grant, regionCode: regions[i]! }));
  const createdAt = nowIso();
  return db.transaction().execute(async (trx) => {
    const held = await findExistingGrantKeys(
      trx,
      grants.map((g) => g.grantKey),
    );
    const fresh = grants
      .filter((g) => !held.has(g.grantKey))
      .map((g) => ({ ...g, origin: 'import', createdBy: actor.userId, createdAt }));
    const inserted = await insertGrants(trx, fresh);
    const summary = { rows: grants.length, inserted, skipped: grants.length - inserted };
    await recordOperation(trx, actor, {
      action: 'policy.grants.import',
      targetType: 'policy_grant',
      detail: { file: fileName, sha256: parsed.sha256, ...summary },
    });
    return summary;
  });
}
