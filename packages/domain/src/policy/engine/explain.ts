/** Renders a result's explanation: a Chinese sentence for the applicant and a tree for staff. */
import { formatChineseDate, formatValidity } from './dates.ts';
import { formatRatio, formatYuan } from './money.ts';
import type {
  BenefitResult,
  BenefitStatus,
  Citation,
  ConditionStatus,
  GrantLedgerRow,
  ParameterData,
  ParameterUnit,
} from './types.ts';
import { formatParameterData } from './parameter.ts';

export interface ExplanationNode {
  label: string;
  children?: ExplanationNode[];
}

export const STATUS_LABELS: Record<BenefitStatus, string> = {
  eligible: '符合条件',
  conflict: '规则冲突',
  expired: '政策已到期',
  not_yet_in_force: '政策尚未施行',
  no_policy_in_force: '无有效政策',
  outside_jurisdiction: '不在实施范围',
  condition_not_met: '不符合条件',
  cap_reached: '已达上限',
  excluded_by_grant: '已享受其他待遇而排除',
  parameter_unset: '标准待设定',
  missing_fact: '缺少信息',
};

const CONDITION_STATUS_LABELS: Record<ConditionStatus, string> = {
  met: '满足',
  failed: '不满足',
  missing_fact: '缺少信息',
  parameter_unset: '标准未设定',
  no_policy: '无有效规定',
};

export function formatCitation(citation: Citation): string {
  const document = citation.documentNumber ?? `《${citation.title}》`;
  return `${document}${citation.article}${citation.clause ? citation.clause : ''}`;
}

function amountText(result: BenefitResult): string {
  if (result.amountKind === 'in_kind') return '可享受该项支持';
  if (result.amountFen === null) return '';
  if (result.amountKind === 'loan_limit') {
    const interest = result.loan ? `，财政贴息比例${formatRatio(result.loan.interestSubsidy)}` : '';
    return `可申请最高${formatYuan(result.amountFen)}的贷款${interest}`;
  }
  const months = result.months !== undefined ? `（${result.months}个月）` : '';
  return result.amountKind === 'up_to'
    ? `最高可获得${formatYuan(result.amountFen)}${months}`
    : `可获得${formatYuan(result.amountFen)}${months}`;
}

function ledgerRowText(row: GrantLedgerRow): string {
  const months = row.months !== undefined ? `，${row.months}个月` : '';
  return `${row.id}：${row.benefitId}，所属期${row.periodStart}${row.periodEnd ? `至${row.periodEnd}` : ''}，${formatYuan(row.amountFen)}${months}，${row.decidedOn}决定`;
}

/** One sentence for the applicant, with the article that grants or denies. */
export function explainSentence(result: BenefitResult): string {
  const e = result.explanation;
  const label = result.benefitLabel;
  const basis = e.caseTaken ? `根据${formatCitation(e.caseTaken.citation)}，` : '';
  switch (result.status) {
    case 'eligible': {
      const reduced = e.limits.filter((l) => l.effect === 'reduced');
      const note =
        reduced.length > 0
          ? `（已扣除此前已享受部分：${reduced.map((l) => `${l.label}，已享受${l.used}${l.measure === 'months' ? '个月' : l.measure === 'amount' ? '分' : '次'}`).join('；')}）`
          : '';
      return `${basis}您符合${label}的条件，${amountText(result)}${note}。`;
    }
    case 'condition_not_met': {
      const failed = e.failedConditions.map(
        (c) => `${c.label}（实际：${c.actual}；要求：${c.required}；依据${formatCitation(c.citation)}）`,
      );
      return `您暂不符合${label}的条件：${failed.join('；')}。`;
    }
    case 'expired': {
      const latest = e.inactiveCases[0];
      return `${label}已于${result.reason?.date ? formatChineseDate(result.reason.date) : '此前'}到期${latest ? `（${formatCitation(latest.citation)}）` : ''}，${formatChineseDate(result.asOf)}不再适用。`;
    }
    case 'not_yet_in_force':
      return `${label}自${result.reason?.date ? formatChineseDate(result.reason.date) : '以后'}起施行，${formatChineseDate(result.asOf)}尚未生效。`;
    case 'no_policy_in_force':
      return `${formatChineseDate(result.asOf)}没有有效的政策文件规定${label}${result.reason?.parameterId ? `（${result.reason.message}）` : ''}${result.reason?.date ? `，下一项规定自${formatChineseDate(result.reason.date)}起施行` : ''}。`;
    case 'outside_jurisdiction':
      return `${label}${result.reason?.message ?? '不在实施范围内'}，您所在地区不适用。`;
    case 'cap_reached': {
      const reached = e.limits.find((l) => l.effect === 'reached');
      return reached
        ? `您已享受过${label}，达到"${reached.label}"的上限（上限${reached.max}，已享受${reached.used}；依据${formatCitation(reached.citation)}），本次不再享受。`
        : `${label}已达上限。`;
    }
    case 'excluded_by_grant': {
      const excluded = e.exclusions.find((x) => x.triggered);
      return excluded
        ? `${excluded.label}（依据${formatCitation(excluded.citation)}），本次不享受${label}。`
        : `因已享受其他待遇，本次不享受${label}。`;
    }
    case 'parameter_unset': {
      const trace = e.parameters.find((p) => p.parameterId === result.reason?.parameterId);
      const where = trace?.citation ? `（${formatCitation(trace.citation)}规定"按规定"或由下级制定）` : '';
      return `${basis}${label}的具体标准"${trace?.label ?? result.reason?.parameterId ?? ''}"尚未设定${where}，待主管部门设定标准后才能计算金额。`;
    }
    case 'missing_fact':
      return `判断${label}还需要以下信息：${(result.reason?.facts ?? []).map((f) => e.inputs.find((i) => i.fact === f)?.label ?? f).join('、')}。`;
    case 'conflict':
      return `${label}有多项同等级规定同时适用（${e.conflictCaseIds.join('、')}），需由经办人员裁定。`;
  }
}

function chainValue(value: ParameterData | null, unit: ParameterUnit): string {
  return value === null ? '未设定' : formatParameterData(value, { id: '', label: '', unit });
}

/** The full explanation as a tree for staff. */
export function explainTree(result: BenefitResult): ExplanationNode {
  const e = result.explanation;
  const amount = amountText(result);
  const children: ExplanationNode[] = [
    {
      label: `结论：${STATUS_LABELS[result.status]}${amount ? `，${amount}` : ''}${result.reason ? `（${result.reason.message}）` : ''}`,
    },
  ];
  if (e.caseTaken) {
    children.push({
      label: `适用情形：${e.caseTaken.label}（${e.caseTaken.kind === 'base' ? '基本情形' : '例外情形'}，等级${e.caseTaken.rank}）`,
      children: [
        {
          label: `依据：${formatCitation(e.caseTaken.citation)}${e.caseTaken.citation.quote ? `："${e.caseTaken.citation.quote}"` : ''}`,
        },
        { label: `理由：${e.caseTaken.why}` },
      ],
    });
  }
  if (e.inputs.length > 0) {
    children.push({
      label: '输入事实',
      children: e.inputs.map((i) => ({ label: `${i.label}（${i.fact}）：${i.display}` })),
    });
  }
  if (e.parameters.length > 0) {
    children.push({
      label: '参数',
      children: e.parameters.map((p) => ({
        label: `${p.label}：${p.display}`,
        children: [
          ...(p.validity ? [{ label: `有效期：${formatValidity(p.validity)}` }] : []),
          ...(p.jurisdiction ? [{ label: `实施范围：${p.jurisdiction}，覆盖方式：${p.override}` }] : []),
          ...(p.citation
            ? [{ label: `出处：${formatCitation(p.citation)}` }]
            : [{ label: '出处：无（评估日无有效规定）' }]),
          ...p.chain.map((c) => ({
            label: `${c.applied ? '✔ ' : ''}${c.jurisdiction}：${chainValue(c.value, p.unit)}（${formatValidity(c.validity)}，${formatCitation(c.citation)}，${c.override}）`,
          })),
        ],
      })),
    });
  }
  if (e.casesConsidered.length > 0) {
    children.push({
      label: `情形判断（实施范围 ${e.governingJurisdiction ?? '—'}）`,
      children: e.casesConsidered.map((c) => ({
        label: `${c.label}（${c.kind === 'base' ? '基本情形' : '例外情形'}，等级${c.rank}，${formatCitation(c.citation)}）：${c.outcome}`,
        children: c.conditions.map((x) => ({
          label: `${x.label}：${CONDITION_STATUS_LABELS[x.status]}（实际：${x.actual}；要求：${x.required}）`,
        })),
      })),
    });
  }
  if (e.overriddenCases.length > 0) {
    children.push({
      label: '被下级规定覆盖的上级规定',
      children: e.overriddenCases.map((c) => ({
        label: `${c.caseId}（${c.jurisdiction}，${formatCitation(c.citation)}）`,
      })),
    });
  }
  if (e.inactiveCases.length > 0) {
    children.push({
      label: '评估日不在有效期内的规定',
      children: e.inactiveCases.map((c) => ({
        label: `${c.caseId}（${c.jurisdiction}，${c.validity.map(formatValidity).join('；')}，${formatCitation(c.citation)}）`,
      })),
    });
  }
  if (e.steps.length > 0) {
    children.push({
      label: '金额计算',
      children: e.steps.map((s) => ({ label: `${s.label}：${s.formula}` })),
    });
  }
  if (e.exclusions.length > 0) {
    children.push({
      label: '排除规则',
      children: e.exclusions.map((x) => ({
        label: `${x.label}：${x.triggered ? '触发' : '未触发'}（${formatCitation(x.citation)}）`,
        children: x.ledgerRows.map((r) => ({ label: ledgerRowText(r) })),
      })),
    });
  }
  if (e.limits.length > 0) {
    children.push({
      label: '上限',
      children: e.limits.map((l) => ({
        label: `${l.label}：上限${l.max ?? '—'}，已享受${l.used}，本次申请${l.requested}，核定${l.granted}（${l.effect}；${formatCitation(l.citation)}）`,
        children: l.ledgerRows.map((r) => ({ label: ledgerRowText(r) })),
      })),
    });
  }
  if (e.failedConditions.length > 0) {
    children.push({
      label: '不满足的条件',
      children: e.failedConditions.map((c) => ({
        label: `${c.label}：实际 ${c.actual}，要求 ${c.required}（${formatCitation(c.citation)}）`,
      })),
    });
  }
  if (e.missingFacts.length > 0) {
    children.push({ label: '缺少的信息', children: e.missingFacts.map((f) => ({ label: f })) });
  }
  children.push({
    label: `规则版本：${result.rulesetVersion}；评估日：${result.asOf}；区划：${result.regionCode}`,
  });
  return { label: `${result.benefitLabel}：${STATUS_LABELS[result.status]}`, children };
}
