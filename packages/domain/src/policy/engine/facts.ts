/** Validation and display of scenario facts against the fact catalogue (no Zod in the domain package). */
import { formatChineseDate, isIsoDate } from './dates.ts';
import { isRegionCode } from '../../region/region-code.ts';
import { formatYuan } from './money.ts';
import type {
  FactDefinition,
  FactValue,
  Ruleset,
  ScenarioError,
  Scenario,
  SubjectKind,
  GrantLedgerRow,
} from './types.ts';

const SUBJECT_KINDS: readonly SubjectKind[] = ['person', 'employer', 'provider', 'station', 'incubator'];

/** Checks one fact value against its definition; null/undefined are "missing", not errors. */
export function factValueError(
  definition: FactDefinition,
  value: unknown,
  path: string,
): ScenarioError | undefined {
  if (value === null || value === undefined) return undefined;
  switch (definition.type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : {
            code: 'invalid_type',
            path,
            message: `${definition.label}（${definition.name}）应为是/否（true/false）`,
          };
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return { code: 'invalid_type', path, message: `${definition.label}（${definition.name}）应为整数` };
      }
      const min = definition.min ?? 0;
      return value < min
        ? { code: 'invalid_value', path, message: `${definition.label}（${definition.name}）不能小于${min}` }
        : undefined;
    }
    case 'date':
      return isIsoDate(value)
        ? undefined
        : {
            code: 'invalid_type',
            path,
            message: `${definition.label}（${definition.name}）应为日期 YYYY-MM-DD`,
          };
    case 'enum':
      return typeof value === 'string' && (definition.values ?? []).includes(value)
        ? undefined
        : {
            code: 'invalid_value',
            path,
            message: `${definition.label}（${definition.name}）应为以下之一：${(definition.values ?? []).join('、')}`,
          };
  }
}

function ledgerRowErrors(row: unknown, path: string, ruleset: Ruleset): ScenarioError[] {
  if (typeof row !== 'object' || row === null)
    return [{ code: 'invalid_type', path, message: '发放记录应为对象' }];
  const r = row as Partial<Record<keyof GrantLedgerRow, unknown>>;
  const errors: ScenarioError[] = [];
  const need = (field: keyof GrantLedgerRow, ok: boolean, message: string): void => {
    if (!ok)
      errors.push({
        code: r[field] === undefined ? 'missing' : 'invalid_type',
        path: `${path}.${field}`,
        message,
      });
  };
  need('id', typeof r.id === 'string' && r.id.length > 0, '发放记录缺少编号');
  need('benefitId', typeof r.benefitId === 'string', '发放记录缺少待遇');
  need(
    'subjectKind',
    typeof r.subjectKind === 'string' && SUBJECT_KINDS.includes(r.subjectKind as SubjectKind),
    '发放记录的主体类型不合法',
  );
  need('subjectId', typeof r.subjectId === 'string', '发放记录缺少主体编号');
  need(
    'personId',
    r.personId === undefined || typeof r.personId === 'string',
    '发放记录的人员编号应为字符串',
  );
  need('periodStart', isIsoDate(r.periodStart), '发放记录的所属期起日应为日期');
  need('periodEnd', r.periodEnd === undefined || isIsoDate(r.periodEnd), '发放记录的所属期止日应为日期');
  need(
    'amountFen',
    typeof r.amountFen === 'number' && Number.isSafeInteger(r.amountFen) && r.amountFen >= 0,
    '发放金额应为非负整数（分）',
  );
  need(
    'months',
    r.months === undefined ||
      (typeof r.months === 'number' && Number.isSafeInteger(r.months) && r.months >= 0),
    '发放月数应为非负整数',
  );
  need('decidedOn', isIsoDate(r.decidedOn), '发放记录的决定日期应为日期');
  if (typeof r.benefitId === 'string' && !ruleset.index.benefits.has(r.benefitId)) {
    errors.push({
      code: 'unknown_benefit',
      path: `${path}.benefitId`,
      message: `未定义的待遇 ${r.benefitId}`,
    });
  }
  return errors;
}

/**
 * Validates a scenario: every ill-typed or unknown fact is an error naming it. Missing facts are not errors here:
 * the benefits that need them answer 'missing_fact' naming the fact.
 */
export function scenarioErrors(input: unknown, ruleset: Ruleset): ScenarioError[] {
  if (typeof input !== 'object' || input === null)
    return [{ code: 'invalid_type', path: '', message: '情形应为对象' }];
  const scenario = input as Partial<Record<keyof Scenario, unknown>>;
  const errors: ScenarioError[] = [];
  if (scenario.asOf === undefined)
    errors.push({ code: 'missing', path: 'asOf', message: '缺少评估日期 asOf' });
  else if (!isIsoDate(scenario.asOf))
    errors.push({ code: 'invalid_type', path: 'asOf', message: '评估日期 asOf 应为 YYYY-MM-DD' });
  if (scenario.regionCode === undefined)
    errors.push({ code: 'missing', path: 'regionCode', message: '缺少区划代码 regionCode' });
  else if (typeof scenario.regionCode !== 'string' || !isRegionCode(scenario.regionCode)) {
    errors.push({
      code: 'invalid_value',
      path: 'regionCode',
      message: '区划代码 regionCode 应为12位统计用区划代码',
    });
  }
  const subject = scenario.subject as Record<string, unknown> | undefined;
  if (typeof subject !== 'object' || subject === null) {
    errors.push({ code: 'missing', path: 'subject', message: '缺少主体 subject' });
  } else {
    if (!SUBJECT_KINDS.includes(subject['kind'] as SubjectKind)) {
      errors.push({
        code: 'invalid_value',
        path: 'subject.kind',
        message: `主体类型应为 ${SUBJECT_KINDS.join('、')} 之一`,
      });
    }
    for (const field of ['id', 'personId'] as const) {
      if (subject[field] !== undefined && typeof subject[field] !== 'string') {
        errors.push({
          code: 'invalid_type',
          path: `subject.${field}`,
          message: `subject.${field} 应为字符串`,
        });
      }
    }
    const facts = subject['facts'];
    if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
      errors.push({ code: 'missing', path: 'subject.facts', message: '缺少事实 subject.facts' });
    } else {
      for (const [name, value] of Object.entries(facts as Record<string, unknown>)) {
        const definition = ruleset.index.facts.get(name);
        const path = `subject.facts.${name}`;
        if (!definition) {
          errors.push({ code: 'unknown_fact', path, message: `未定义的事实 ${name}` });
          continue;
        }
        const error = factValueError(definition, value, path);
        if (error) errors.push(error);
      }
    }
  }
  if (scenario.grants !== undefined) {
    if (!Array.isArray(scenario.grants))
      errors.push({ code: 'invalid_type', path: 'grants', message: 'grants 应为数组' });
    else scenario.grants.forEach((row, i) => errors.push(...ledgerRowErrors(row, `grants[${i}]`, ruleset)));
  }
  if (scenario.benefitIds !== undefined) {
    if (!Array.isArray(scenario.benefitIds)) {
      errors.push({ code: 'invalid_type', path: 'benefitIds', message: 'benefitIds 应为数组' });
    } else {
      for (const id of scenario.benefitIds) {
        if (typeof id !== 'string' || !ruleset.index.benefits.has(id)) {
          errors.push({ code: 'unknown_benefit', path: 'benefitIds', message: `未定义的待遇 ${String(id)}` });
        }
      }
    }
  }
  return errors;
}

export function displayFactValue(
  definition: FactDefinition | undefined,
  value: FactValue | null | undefined,
): string {
  if (value === null || value === undefined) return '（未提供）';
  if (!definition) return String(value);
  switch (definition.type) {
    case 'boolean':
      return value ? '是' : '否';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? formatChineseDate(value) : String(value);
    case 'enum':
      return definition.valueLabels?.[String(value)] ?? String(value);
    case 'integer':
      if (definition.unit === 'fen' && typeof value === 'number') return formatYuan(value);
      return `${value}${definition.unit ?? ''}`;
  }
}
