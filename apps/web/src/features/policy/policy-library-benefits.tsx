import type { ReactNode } from 'react';
import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { LibraryBenefit, PolicyLibrary } from './policy.api.ts';
import {
  BENEFIT_KIND_LABELS,
  formatCitation,
  formatValidity,
  JURISDICTION_COLORS,
  jurisdictionName,
  SUBJECT_KIND_LABELS,
} from './policy-format.ts';
import { CitationText, JurisdictionTag } from './policy-components.tsx';
import { citationMatches, includesText, type LibraryFilter } from './policy-library-filter.ts';

function RuleList({ items }: { items: Array<{ key: string; label: ReactNode }> }) {
  if (items.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      {items.map((item) => (
        <span key={item.key}>{item.label}</span>
      ))}
    </Space>
  );
}

/** 待遇项目: each benefit with its cases, caps and the benefits it may not be combined with. */
export function BenefitsTab({ library, filter }: { library: PolicyLibrary; filter: LibraryFilter }) {
  const text = filter.text.toLowerCase();
  const benefitLabel = new Map(library.benefits.map((b) => [b.id, b.label]));
  const parameterLabel = new Map(library.parameters.map((p) => [p.id, p.label]));
  const rows = library.benefits
    .map((benefit) => ({
      ...benefit,
      cases: benefit.cases.filter(
        (c) =>
          (!filter.documentId || c.citation.documentId === filter.documentId) &&
          (!filter.jurisdiction || c.jurisdiction === filter.jurisdiction),
      ),
    }))
    .filter(
      (benefit) =>
        benefit.cases.length > 0 &&
        (!text ||
          includesText(text, benefit.id, benefit.label, benefit.payee) ||
          benefit.cases.some((c) => includesText(text, c.label) || citationMatches(c.citation, text))),
    );

  const limitsOf = (benefit: LibraryBenefit) => {
    const seen = new Map<string, { key: string; label: ReactNode }>();
    for (const c of benefit.cases) {
      for (const limit of c.limits) {
        if (!seen.has(limit.label))
          seen.set(limit.label, {
            key: limit.label,
            label: (
              <span>
                {limit.label}
                <Typography.Text type="secondary">
                  （{parameterLabel.get(limit.maxParam) ?? limit.maxParam}）
                </Typography.Text>
              </span>
            ),
          });
      }
      if (c.capParam && !seen.has(c.capParam))
        seen.set(c.capParam, {
          key: c.capParam,
          label: `金额不超过${parameterLabel.get(c.capParam) ?? c.capParam}`,
        });
    }
    return [...seen.values()];
  };
  const exclusionsOf = (benefit: LibraryBenefit) => {
    const seen = new Map<string, { key: string; label: ReactNode }>();
    for (const c of benefit.cases)
      for (const exclusion of c.exclusions)
        if (!seen.has(exclusion.label))
          seen.set(exclusion.label, {
            key: exclusion.label,
            label: (
              <Tooltip
                title={`与：${exclusion.benefitIds.map((id) => benefitLabel.get(id) ?? id).join('、')}`}
              >
                <span>{exclusion.label}</span>
              </Tooltip>
            ),
          });
    return [...seen.values()];
  };

  const columns: ColumnsType<LibraryBenefit> = [
    {
      key: 'label',
      title: '待遇项目',
      width: 220,
      render: (_, b) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <Typography.Text strong>{b.label}</Typography.Text>
            <Tag>{BENEFIT_KIND_LABELS[b.kind] ?? b.kind}</Tag>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {b.id}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'subject',
      title: '申请主体',
      width: 100,
      render: (_, b) => SUBJECT_KIND_LABELS[b.subjectKind],
    },
    { key: 'payee', title: '领取对象', dataIndex: 'payee', width: 150 },
    {
      key: 'cases',
      title: '情形',
      width: 170,
      render: (_, b) => (
        <Space size={[4, 4]} wrap>
          {b.cases.map((c) => (
            <Tooltip key={c.id} title={`${c.label}（${formatCitation(c.citation)}）`}>
              <Tag color={JURISDICTION_COLORS[c.jurisdiction]}>
                {jurisdictionName(c.jurisdiction)}
                {c.kind === 'exception' ? '·例外' : ''}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    { key: 'limits', title: '上限', width: 230, render: (_, b) => <RuleList items={limitsOf(b)} /> },
    {
      key: 'exclusions',
      title: '不得重复享受',
      width: 210,
      render: (_, b) => <RuleList items={exclusionsOf(b)} />,
    },
  ];
  return (
    <Table<LibraryBenefit>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1130 }}
      locale={{ emptyText: '没有符合条件的待遇项目' }}
      expandable={{
        expandedRowRender: (b) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={b.cases}
              columns={[
                {
                  key: 'label',
                  title: '情形',
                  render: (_, c) => (
                    <Space size={4}>
                      <span>{c.label}</span>
                      <Tag color={c.kind === 'base' ? 'default' : 'orange'}>
                        {c.kind === 'base' ? '基本情形' : `例外（等级${c.rank}）`}
                      </Tag>
                    </Space>
                  ),
                },
                {
                  key: 'jurisdiction',
                  title: '实施范围',
                  width: 90,
                  render: (_, c) => <JurisdictionTag code={c.jurisdiction} />,
                },
                {
                  key: 'validity',
                  title: '有效期',
                  width: 220,
                  render: (_, c) => c.validity.map(formatValidity).join('；'),
                },
                {
                  key: 'citation',
                  title: '依据',
                  width: 260,
                  render: (_, c) => <CitationText citation={c.citation} />,
                },
                {
                  key: 'limits',
                  title: '上限与互斥',
                  width: 260,
                  render: (_, c) => (
                    <RuleList
                      items={[
                        ...c.limits.map((l) => ({ key: l.id, label: l.label })),
                        ...c.exclusions.map((x) => ({ key: x.id, label: `不得重复：${x.label}` })),
                      ]}
                    />
                  ),
                },
              ]}
            />
            <Typography.Text type="secondary">
              涉及参数：
              {b.parameterIds.map((id) => parameterLabel.get(id) ?? id).join('、') || '—'}
            </Typography.Text>
          </Space>
        ),
      }}
    />
  );
}
