import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type {
  PolicyGrantDto,
  PolicyGrantPageDto,
  PolicyGrantQuery,
  PolicyGrantRecordInput,
} from '@jiuye/contracts';
import { isWithinScope, regionLevel, validateIdNumber } from '@jiuye/domain';
import type { Ruleset } from '@jiuye/domain/policy/index.ts';
import type { Db } from '../../db/database.ts';
import { dialectOf, nowIso } from '../../db/create-db.ts';
import { AppError } from '../../lib/errors.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { isInScope, resolveRegionFilter } from '../../lib/scope.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { assertCan, can, type Actor } from '../auth/actor.ts';
import {
  findLaborerNamesByIdIndex,
  findLaborerRegionsByIdIndex,
} from '../registry/laborer-facts.repository.ts';
import { idNumberIndexOf } from '../registry/laborer.mapping.ts';
import { getVisibleLaborer } from '../registry/laborer-read.service.ts';
import { findRegionNames } from '../regions/region.repository.ts';
import { defaultGrantRegion, GRANT_COLUMNS } from './grant-import.ts';
import { loadRuleset } from './policy-ruleset.ts';
import {
  findExistingRegionCodes,
  grantKeyOf,
  insertGrant,
  listGrantsByPersonIndex,
  listGrantsInScope,
  type GrantRecord,
} from './policy.repository.ts';
import { evaluatePolicy, today } from './policy.service.ts';

/**
 * The grant ledger seen by staff: the grants recorded by the regions of one's scope, the grants about one registry
 * labourer, and recording a grant from an evaluation. Region scope: a list shows the grants whose granting region
 * lies in the caller's view scope; the person's name is added only for a labourer the caller may read; ID numbers
 * appear masked, and a search by ID number goes through the blind index.
 */

/** Advisory-lock namespace of grant recording (PostgreSQL): one decision at a time per person. */
const RECORD_LOCK = 40_112_241;

type GrantRow = GrantRecord & { createdBy?: number | null };

async function toDtos(
  db: Db,
  actor: Actor,
  ruleset: Ruleset,
  rows: readonly GrantRow[],
): Promise<PolicyGrantDto[]> {
  const names = await findRegionNames(db, [...new Set(rows.map((row) => row.regionCode))]);
  // The registry labourer behind a grant, when the caller may read them (户籍地 or 务工所在地 in the view scope).
  const mayReadRegistry = can(actor, 'registry:read');
  const people = mayReadRegistry
    ? await findLaborerRegionsByIdIndex(
        db,
        rows.flatMap((row) => (row.personIdIndex ? [row.personIdIndex] : [])),
      )
    : new Map();
  const indexes = [...people.entries()]
    .filter(
      ([, person]) =>
        isInScope(actor, person.regionCode, 'view') ||
        (person.workRegionCode !== null && isInScope(actor, person.workRegionCode, 'view')),
    )
    .map(([index]) => index);
  const visible = await findLaborerNamesByIdIndex(db, indexes);
  return rows.map((row) => {
    const person = row.personIdIndex ? visible.get(row.personIdIndex) : undefined;
    return {
      id: row.id,
      regionCode: row.regionCode,
      regionName: names.get(row.regionCode) ?? null,
      subjectKind: row.subjectKind as PolicyGrantDto['subjectKind'],
      subjectId: row.subjectId,
      personIdMasked: row.personIdMasked ?? people.get(row.personIdIndex ?? '')?.idNumberMasked ?? null,
      personName: person?.name ?? null,
      laborerId: person?.id ?? null,
      benefitId: row.benefitId,
      benefitLabel: ruleset.index.benefits.get(row.benefitId)?.label ?? row.benefitId,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      amountFen: row.amountFen,
      months: row.months,
      decidedOn: row.decidedOn,
      rulesetVersion: row.rulesetVersion,
      source: row.source,
      origin: row.origin,
      createdAt: row.createdAt,
    };
  });
}

/**
 * GET /policy/grants. With laborerId: every grant about that labourer (404 unless the caller may read them),
 * wherever granted — the evaluation counts them all and shows them in its explanation. Without: the grants
 * granted by regions of the caller's view scope, filtered, latest decision first.
 */
export async function listGrants(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  query: PolicyGrantQuery,
): Promise<PolicyGrantPageDto> {
  assertCan(actor, 'policy:read');
  const ruleset = await loadRuleset(db);
  const { page, pageSize } = query;
  if (query.laborerId !== undefined) {
    const laborer = await getVisibleLaborer(db, actor, query.laborerId);
    const rows = await listGrantsByPersonIndex(db, laborer.idNumberIndex);
    const items = await toDtos(db, actor, ruleset, rows);
    return {
      items: items.slice((page - 1) * pageSize, page * pageSize),
      total: items.length,
      page,
      pageSize,
    };
  }
  const scope = resolveRegionFilter(actor, query.regionCode, 'view');
  let personIdIndex: string | undefined;
  if (query.idNumber) {
    const checked = validateIdNumber(query.idNumber, { today: today() });
    if (!checked.ok)
      throw new AppError('VALIDATION_FAILED', '证件号码有误', [
        { field: 'idNumber', message: checked.problems.map((p) => p.message).join('；') },
      ]);
    personIdIndex = idNumberIndexOf(ring, checked.value.idNumber);
  }
  const { total, rows } = await listGrantsInScope(db, {
    scope,
    benefitId: query.benefitId,
    periodFrom: query.periodFrom,
    periodTo: query.periodTo,
    personIdIndex,
    page,
    pageSize,
  });
  return { items: await toDtos(db, actor, ruleset, rows), total, page, pageSize };
}

/**
 * POST /policy/grants: records the grant of a benefit to a registry labourer, decided on an evaluation. The
 * benefit is evaluated again (same date, same supplementary facts, every grant the ledger holds) inside the
 * transaction that writes, so a grant the engine finds not applicable now — a cap reached, once a year already
 * granted, an exclusion — is refused with the engine's reason, and two clicks cannot both pass a cap.
 */
export async function recordGrant(
  db: Db,
  actor: Actor,
  input: PolicyGrantRecordInput,
): Promise<PolicyGrantDto> {
  assertCan(actor, 'policy:grant');
  const todayDate = today();
  const decidedOn = input.decidedOn ?? todayDate;
  if (decidedOn > todayDate)
    throw new AppError('VALIDATION_FAILED', '决定日期不能晚于今天', [
      { field: 'decidedOn', message: '决定日期不能晚于今天' },
    ]);
  const periodStart = input.periodStart ?? input.asOf;
  if (input.periodEnd && input.periodEnd < periodStart)
    throw new AppError('VALIDATION_FAILED', '所属期止早于所属期起', [
      { field: 'periodEnd', message: '所属期止早于所属期起' },
    ]);
  const laborer = await getVisibleLaborer(db, actor, input.laborerId);
  // The granting region (writes stay inside the capture scope): as asked, else the labourer's 户籍地 when the
  // recorder may write there, else the recorder's only county.
  const capture = actor.captureScope;
  let regionCode = input.regionCode;
  if (regionCode !== undefined) {
    if (regionLevel(regionCode) < 3)
      throw new AppError('VALIDATION_FAILED', '发放地须为县级或以下区划', [
        { field: 'regionCode', message: '发放地须为县级或以下区划' },
      ]);
    if (
      !isWithinScope(regionCode, capture) ||
      !(await findExistingRegionCodes(db, [regionCode])).has(regionCode)
    )
      throw new AppError('NOT_FOUND', '区划不存在或不在您的管辖范围内', [
        { field: 'regionCode', message: `区划 ${regionCode} 不存在或不在您的录入范围内` },
      ]);
  } else {
    regionCode = isWithinScope(laborer.regionCode, capture)
      ? laborer.regionCode
      : defaultGrantRegion(capture);
    if (!regionCode)
      throw new AppError('VALIDATION_FAILED', '请指定发放地（县级或以下，在您的录入范围内）', [
        { field: 'regionCode', message: '该劳动力户籍地不在您的录入范围内，请指定发放地' },
      ]);
  }
  const grantRegion = regionCode;

  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres')
      await sql`select pg_advisory_xact_lock(${RECORD_LOCK}, ${laborer.id})`.execute(trx);
    const evaluation = await evaluatePolicy(
      trx,
      actor,
      { laborerId: laborer.id, asOf: input.asOf, facts: input.facts, benefitIds: [input.benefitId] },
      { audit: false },
    );
    const result = evaluation.results[0];
    if (!result)
      throw new AppError('VALIDATION_FAILED', '待遇不存在', [
        { field: 'benefitId', message: `“${input.benefitId}”不是已知的待遇` },
      ]);
    if (evaluation.rulesetVersion !== input.rulesetVersion)
      throw new AppError('CONFLICT', '政策规则已更新，请重新测算后再登记', [
        {
          field: 'rulesetVersion',
          message: `测算时的规则版本 ${input.rulesetVersion}，现行 ${evaluation.rulesetVersion}`,
        },
      ]);
    if (result.status !== 'eligible')
      throw new AppError('CONFLICT', `${result.benefitLabel}现在不能享受，未登记发放`, [
        {
          field: 'benefitId',
          message: result.reason?.message ?? result.statusLabel,
          code: result.status,
        },
      ]);
    const evaluated = result.amountFen ?? 0;
    const amountFen = input.amountFen ?? evaluated;
    if (result.amountFen !== null && amountFen > result.amountFen)
      throw new AppError('VALIDATION_FAILED', '发放金额超过测算金额', [
        { field: 'amountFen', message: `不能超过测算金额 ${(result.amountFen / 100).toFixed(2)} 元` },
      ]);
    const grant = {
      subjectKind: 'person',
      subjectId: null,
      personIdIndex: laborer.idNumberIndex,
      personIdMasked: laborer.idNumberMasked,
      regionCode: grantRegion,
      benefitId: result.benefitId,
      periodStart,
      periodEnd: input.periodEnd ?? null,
      amountFen,
      months: result.months ?? null,
      decidedOn,
      rulesetVersion: evaluation.rulesetVersion,
      source: input.source || null,
      origin: 'decision',
    };
    const createdAt = nowIso();
    const id = await insertGrant(trx, {
      ...grant,
      grantKey: grantKeyOf(grant),
      createdBy: actor.userId,
      createdAt,
    });
    if (id === undefined) throw new AppError('ALREADY_EXISTS', '发放台账中已有同一笔发放记录');
    await recordOperation(trx, actor, {
      action: 'policy.grants.record',
      targetType: 'policy_grant',
      targetId: id,
      detail: {
        laborerId: laborer.id,
        benefitId: grant.benefitId,
        amountFen,
        periodStart,
        decidedOn,
        regionCode: grantRegion,
        rulesetVersion: grant.rulesetVersion,
      },
    });
    const ruleset = await loadRuleset(trx);
    const [dto] = await toDtos(trx, actor, ruleset, [{ id, ...grant, createdAt }]);
    return dto!;
  });
}

const XLSX_NOTE = [
  '每行一笔已发放的待遇；整份文件有任何错误都不会导入，错误会标明行号和列名。',
  '主体类型：劳动者（默认）、用人单位、培训机构、服务站、孵化基地；非劳动者须填主体编号（如统一社会信用代码）。',
  '证件号码：劳动者的18位身份证号码（用于判断每年一次、上限等）；只保存其索引，不保存明文。',
  '待遇：填写下表的待遇名称或编号。金额单位为元，最多两位小数。日期写作 2026-03-01。',
  '区划代码（发放地）：县级或以下区划代码，须在您的录入范围内；不填时取该劳动力在台账中的户籍地，劳动力不在台账时取您所在的县（仅当您只管辖一个县级或以下区划时）。',
  '同一笔记录（主体、人员、待遇、所属期、金额、决定日期相同）再次导入时跳过。',
];

/** GET /policy/grants/template: the header row, and a sheet with the notes, an example and the benefits. */
export async function buildGrantTemplate(db: Db): Promise<Buffer> {
  const ruleset = await loadRuleset(db);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发放记录');
  const columns = Object.values(GRANT_COLUMNS);
  sheet.columns = columns.map((column) => ({
    header: column.required ? `${column.name}*` : column.name,
    width: Math.max(12, column.name.length * 3),
  }));
  sheet.getRow(1).font = { bold: true };
  // Text cells: ID numbers and region codes must not turn into numbers.
  for (let c = 1; c <= columns.length; c += 1) sheet.getColumn(c).numFmt = '@';
  const notes = workbook.addWorksheet('填写说明');
  notes.getColumn(1).width = 40;
  notes.getColumn(2).width = 30;
  notes.getColumn(3).width = 16;
  for (const line of XLSX_NOTE) notes.addRow([line]);
  notes.addRow([]);
  notes.addRow(['示例（请勿粘贴到发放记录表）：']);
  notes.addRow(columns.map((column) => column.name));
  notes.addRow([
    '劳动者',
    '',
    '14090219850709123X',
    '跨省务工一次性交通补助',
    '2026-01-05',
    '',
    '800',
    '',
    '2026-01-20',
    '',
    '忻府区台账',
    '140902000000',
  ]);
  notes.addRow([]);
  const head = notes.addRow(['待遇名称', '待遇编号', '申领主体']);
  head.font = { bold: true };
  const kinds: Record<string, string> = {
    person: '劳动者',
    employer: '用人单位',
    provider: '培训机构',
    station: '服务站',
    incubator: '孵化基地',
  };
  for (const benefit of ruleset.benefits)
    notes.addRow([benefit.label, benefit.id, kinds[benefit.subjectKind] ?? benefit.subjectKind]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
