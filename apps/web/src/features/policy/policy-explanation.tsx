import { useMemo, type ReactNode } from 'react';
import { Descriptions, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import type { ExplanationNodeDto, GrantLedgerRowDto } from '@jiuye/contracts';
import type { BenefitResult, PolicyLibrary } from './policy.api.ts';
import {
  formatFen,
  formatParameterData,
  formatValidity,
  jurisdictionName,
  OVERRIDE_LABELS,
} from './policy-format.ts';
import { CitationText, JurisdictionTag } from './policy-components.tsx';

type Explanation = BenefitResult['explanation'];
type Condition = Explanation['failedConditions'][number];

const CONDITION_STATUS: Record<Condition['status'], { label: string; color: string }> = {
  met: { label: '满足', color: 'green' },
  failed: { label: '不满足', color: 'red' },
  missing_fact: { label: '缺少信息', color: 'orange' },
  parameter_unset: { label: '标准未设定', color: 'orange' },
  no_policy: { label: '无有效政策', color: 'default' },
};

const CASE_OUTCOME: Record<string, { label: string; color: string }> = {
  applicable: { label: '适用', color: 'green' },
  failed: { label: '不适用', color: 'red' },
  missing_fact: { label: '缺少信息', color: 'orange' },
  parameter_unset: { label: '标准未设定', color: 'orange' },
  no_policy: { label: '无有效政策', color: 'default' },
};

const LIMIT_EFFECT: Record<string, string> = { none: '未触及', reduced: '核减', reached: '已达上限' };
const PERIOD: Record<string, string> = { year: '每年', lifetime: '累计' };

function toTreeData(node: ExplanationNodeDto, key: string): DataNode {
  return {
    key,
    title: node.label,
    children: node.children?.map((child, i) => toTreeData(child, `${key}-${i}`)),
  };
}

function LedgerRows({
  rows,
  benefitLabel,
}: {
  rows: GrantLedgerRowDto[];
  benefitLabel: Map<string, string>;
}) {
  if (rows.length === 0) return <Typography.Text type="secondary">无相关发放记录</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {rows.map((row) => (
        <span key={row.id}>
          {benefitLabel.get(row.benefitId) ?? row.benefitId}：所属期 {row.periodStart}
          {row.periodEnd ? ` 至 ${row.periodEnd}` : ''}，{formatFen(row.amountFen)}
          {row.months ? `，${row.months} 个月` : ''}，{row.decidedOn} 决定（记录 {row.id}）
        </span>
      ))}
    </Space>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="policy-section">
      <Typography.Title level={5} style={{ margin: '12px 0 6px' }}>
        {title}
      </Typography.Title>
      {children}
    </div>
  );
}

function ConditionTable({ conditions }: { conditions: Condition[] }) {
  return (
    <Table<Condition>
      rowKey={(c) => c.conditionId}
      size="small"
      pagination={false}
      dataSource={conditions}
      columns={[
        { key: 'label', title: '条件', dataIndex: 'label' },
        {
          key: 'status',
          title: '结果',
          width: 100,
          render: (_, c) => (
            <Tag color={CONDITION_STATUS[c.status].color}>{CONDITION_STATUS[c.status].label}</Tag>
          ),
        },
        { key: 'actual', title: '实际', dataIndex: 'actual', width: 180 },
        { key: 'required', title: '要求', dataIndex: 'required', width: 220 },
        {
          key: 'citation',
          title: '依据',
          width: 220,
          render: (_, c) => <CitationText citation={c.citation} />,
        },
      ]}
    />
  );
}

/** The staff view of one result: the server's explanation tree, and its parts as tables. */
export function ExplanationView({
  result,
  library,
}: {
  result: BenefitResult;
  library: PolicyLibrary | undefined;
}) {
  const explanation = result.explanation;
  const benefitLabel = useMemo(
    () => new Map((library?.benefits ?? []).map((b) => [b.id, b.label])),
    [library],
  );
  const treeData = useMemo(() => [toTreeData(result.tree, result.benefitId)], [result]);
  const firstLevel = [result.benefitId, ...treeData[0]!.children!.map((child) => child.key)];

  const details = (
    <div>
      {explanation.inputs.length > 0 && (
        <Section title="输入事实">
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={explanation.inputs.map((input) => ({
              key: input.fact,
              label: input.label,
              children:
                input.value === null ? (
                  <Typography.Text type="warning">（未提供）</Typography.Text>
                ) : (
                  input.display
                ),
            }))}
          />
        </Section>
      )}
      {explanation.parameters.length > 0 && (
        <Section title="参数取值">
          <Table<Explanation['parameters'][number]>
            rowKey="parameterId"
            size="small"
            pagination={false}
            dataSource={explanation.parameters}
            columns={[
              { key: 'label', title: '参数', dataIndex: 'label' },
              {
                key: 'value',
                title: '取值',
                width: 160,
                render: (_, p) =>
                  p.status === 'set' ? (
                    <Typography.Text strong>{p.display}</Typography.Text>
                  ) : p.status === 'unset' ? (
                    <Tag color="warning">未设定</Tag>
                  ) : (
                    <Tag>无有效规定</Tag>
                  ),
              },
              {
                key: 'jurisdiction',
                title: '实施范围',
                width: 90,
                render: (_, p) => (p.jurisdiction ? <JurisdictionTag code={p.jurisdiction} /> : '—'),
              },
              { key: 'validity', title: '有效期', width: 200, render: (_, p) => formatValidity(p.validity) },
              {
                key: 'citation',
                title: '依据',
                width: 220,
                render: (_, p) => <CitationText citation={p.citation} />,
              },
              {
                key: 'chain',
                title: '逐级规定',
                width: 240,
                render: (_, p) =>
                  p.chain.length === 0 ? (
                    '—'
                  ) : (
                    <Space orientation="vertical" size={0}>
                      {p.chain.map((link, i) => (
                        <Typography.Text key={i} type={link.applied ? undefined : 'secondary'}>
                          {link.applied ? '✔ ' : ''}
                          {jurisdictionName(link.jurisdiction)}：{formatParameterData(link.value, p.unit)}（
                          {OVERRIDE_LABELS[link.override] ?? link.override}）
                        </Typography.Text>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
        </Section>
      )}
      <Section title="采用情形">
        {explanation.caseTaken ? (
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              {
                key: 'case',
                label: '情形',
                children: (
                  <Space size={4}>
                    {explanation.caseTaken.label}
                    <Tag>
                      {explanation.caseTaken.kind === 'base'
                        ? '基本情形'
                        : `例外（等级${explanation.caseTaken.rank}）`}
                    </Tag>
                  </Space>
                ),
              },
              {
                key: 'citation',
                label: '依据',
                children: <CitationText citation={explanation.caseTaken.citation} />,
              },
              { key: 'why', label: '理由', children: explanation.caseTaken.why },
              ...(explanation.governingJurisdiction
                ? [
                    {
                      key: 'j',
                      label: '适用规定层级',
                      children: jurisdictionName(explanation.governingJurisdiction),
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          <Typography.Text type="secondary">没有适用的情形</Typography.Text>
        )}
      </Section>
      {explanation.steps.length > 0 && (
        <Section title="金额计算">
          <Descriptions
            size="small"
            bordered
            column={1}
            items={explanation.steps.map((step, i) => ({
              key: i,
              label: step.label,
              children: (
                <span>
                  {step.formula} = <Typography.Text strong>{formatFen(step.resultFen)}</Typography.Text>
                </span>
              ),
            }))}
          />
        </Section>
      )}
      {explanation.limits.length > 0 && (
        <Section title="上限">
          <Table<Explanation['limits'][number]>
            rowKey="limitId"
            size="small"
            pagination={false}
            dataSource={explanation.limits}
            columns={[
              {
                key: 'label',
                title: '上限',
                render: (_, l) => `${l.label}（${PERIOD[l.period] ?? l.period}）`,
              },
              {
                key: 'numbers',
                title: '上限 / 已享受 / 本次 / 核定',
                width: 240,
                render: (_, l) => {
                  const show = (n: number | null) =>
                    n === null ? '未设定' : l.measure === 'amount' ? formatFen(n) : String(n);
                  return `${show(l.max)} / ${show(l.used)} / ${show(l.requested)} / ${show(l.granted)}`;
                },
              },
              {
                key: 'effect',
                title: '影响',
                width: 90,
                render: (_, l) => (
                  <Tag color={l.effect === 'none' ? 'default' : 'red'}>
                    {LIMIT_EFFECT[l.effect] ?? l.effect}
                  </Tag>
                ),
              },
              {
                key: 'ledger',
                title: '相关发放记录',
                render: (_, l) => <LedgerRows rows={l.ledgerRows} benefitLabel={benefitLabel} />,
              },
              {
                key: 'citation',
                title: '依据',
                width: 200,
                render: (_, l) => <CitationText citation={l.citation} />,
              },
            ]}
          />
        </Section>
      )}
      {explanation.exclusions.length > 0 && (
        <Section title="不得重复享受">
          <Table<Explanation['exclusions'][number]>
            rowKey="exclusionId"
            size="small"
            pagination={false}
            dataSource={explanation.exclusions}
            columns={[
              { key: 'label', title: '规定', dataIndex: 'label' },
              {
                key: 'triggered',
                title: '结果',
                width: 100,
                render: (_, x) => (x.triggered ? <Tag color="red">已享受其他待遇</Tag> : <Tag>未触发</Tag>),
              },
              {
                key: 'ledger',
                title: '相关发放记录',
                render: (_, x) => <LedgerRows rows={x.ledgerRows} benefitLabel={benefitLabel} />,
              },
              {
                key: 'citation',
                title: '依据',
                width: 200,
                render: (_, x) => <CitationText citation={x.citation} />,
              },
            ]}
          />
        </Section>
      )}
      {explanation.failedConditions.length > 0 && (
        <Section title="未满足的条件">
          <ConditionTable conditions={explanation.failedConditions} />
        </Section>
      )}
      {explanation.casesConsidered.length > 0 && (
        <Section title="考虑过的情形">
          <Space orientation="vertical" style={{ width: '100%' }}>
            {explanation.casesConsidered.map((c) => (
              <div key={c.caseId}>
                <Space size={4} wrap style={{ marginBottom: 4 }}>
                  <Typography.Text strong>{c.label}</Typography.Text>
                  <JurisdictionTag code={c.jurisdiction} />
                  <Tag color={CASE_OUTCOME[c.outcome]?.color}>
                    {CASE_OUTCOME[c.outcome]?.label ?? c.outcome}
                  </Tag>
                  <CitationText citation={c.citation} />
                </Space>
                <ConditionTable conditions={c.conditions} />
              </div>
            ))}
          </Space>
        </Section>
      )}
      {explanation.overriddenCases.length > 0 && (
        <Section title="被下级规定取代的上级规定">
          <Space orientation="vertical" size={0}>
            {explanation.overriddenCases.map((c) => (
              <span key={c.caseId}>
                {jurisdictionName(c.jurisdiction)}：<CitationText citation={c.citation} />
              </span>
            ))}
          </Space>
        </Section>
      )}
    </div>
  );

  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'tree',
          label: '解释树',
          children: <Tree showLine defaultExpandedKeys={firstLevel} treeData={treeData} selectable={false} />,
        },
        { key: 'details', label: '明细', children: details },
      ]}
    />
  );
}
