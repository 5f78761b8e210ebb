import { useMemo, useState, type ReactNode } from 'react';
import {
  Button,
  Card,
  Flex,
  Input,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../shared/api/client.ts';
import { useCan } from '../../app/session.tsx';
import {
  usePolicyLibrary,
  type LibraryBenefit,
  type LibraryDocument,
  type LibraryParameter,
  type LibraryParameterValue,
  type PolicyLibrary,
} from './policy.api.ts';
import {
  BENEFIT_KIND_LABELS,
  formatCitation,
  formatValidity,
  JURISDICTION_COLORS,
  jurisdictionName,
  OVERRIDE_LABELS,
  SUBJECT_KIND_LABELS,
  UNIT_LABELS,
} from './policy-format.ts';
import { CitationText, JurisdictionTag, ParameterValueText } from './policy-components.tsx';
import { PolicyValuesModal } from './policy-values-modal.tsx';
import type { PolicyCitationDto } from './policy-types.ts';

interface Filter {
  text: string;
  documentId?: string;
  jurisdiction?: string;
}

const includesText = (text: string, ...fields: Array<string | null | undefined>) =>
  fields.some((field) => field?.toLowerCase().includes(text));

const citationMatches = (citation: PolicyCitationDto, text: string) =>
  includesText(
    text,
    citation.documentNumber,
    citation.title,
    citation.issuer,
    citation.article,
    citation.quote,
  );

/** Distinct validity intervals of everything citing a document, merged where they touch. */
function documentValidity(library: PolicyLibrary, documentId: string): string {
  const intervals = [
    ...library.parameters.flatMap((p) =>
      p.values.filter((v) => v.citation.documentId === documentId).map((v) => v.validity),
    ),
    ...library.benefits.flatMap((b) =>
      b.cases.filter((c) => c.citation.documentId === documentId).flatMap((c) => c.validity),
    ),
  ].sort((a, b) => a.from.localeCompare(b.from));
  const merged: Array<{ from: string; to: string | null }> = [];
  for (const interval of intervals) {
    const last = merged.at(-1);
    if (last && (last.to === null || last.to >= interval.from)) {
      if (last.to !== null && (interval.to === null || interval.to > last.to)) last.to = interval.to;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged.length > 0 ? merged.map(formatValidity).join('；') : '—';
}

interface ValueRow {
  key: string;
  parameter: LibraryParameter;
  value: LibraryParameterValue | undefined;
  span: number;
}

function DocumentsTab({ library, filter }: { library: PolicyLibrary; filter: Filter }) {
  const text = filter.text.toLowerCase();
  const rows = library.documents.filter(
    (d) =>
      (!filter.documentId || d.id === filter.documentId) &&
      (!filter.jurisdiction || d.jurisdiction === filter.jurisdiction) &&
      (!text ||
        includesText(text, d.number, d.title, d.issuer) ||
        d.articles.some((a) => includesText(text, a.article, ...a.quotes))),
  );
  const columns: ColumnsType<LibraryDocument> = [
    {
      key: 'number',
      title: '文号',
      width: 190,
      render: (_, d) => d.number ?? <Typography.Text type="secondary">（无文号）</Typography.Text>,
    },
    {
      key: 'title',
      title: '文件名称',
      render: (_, d) => (
        <Space size={4} wrap>
          <span>{d.title}</span>
          {d.origin === 'added' && <Tag color="green">管理员新增</Tag>}
        </Space>
      ),
    },
    { key: 'issuer', title: '发文机关', dataIndex: 'issuer', width: 260 },
    { key: 'issuedOn', title: '发文日期', dataIndex: 'issuedOn', width: 110, render: (v) => v ?? '—' },
    {
      key: 'jurisdiction',
      title: '实施范围',
      width: 90,
      render: (_, d) => <JurisdictionTag code={d.jurisdiction} />,
    },
    {
      key: 'validity',
      title: '有效期',
      width: 220,
      render: (_, d) => documentValidity(library, d.id),
    },
    {
      key: 'articles',
      title: '引用条款',
      width: 90,
      render: (_, d) => `${d.articles.length} 条`,
    },
  ];
  return (
    <Table<LibraryDocument>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1200 }}
      locale={{ emptyText: '没有符合条件的政策文件' }}
      expandable={{
        expandedRowRender: (d) => (
          <Table
            rowKey={(a) => `${a.article}${a.clause ?? ''}`}
            size="small"
            pagination={false}
            dataSource={d.articles}
            columns={[
              {
                key: 'article',
                title: '条款',
                width: 140,
                render: (_, a) => `${a.article}${a.clause ?? ''}`,
              },
              {
                key: 'quotes',
                title: '原文摘录',
                render: (_, a) =>
                  a.quotes.length > 0 ? (
                    <Space orientation="vertical" size={2}>
                      {a.quotes.map((quote) => (
                        <span key={quote}>“{quote}”</span>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        ),
      }}
    />
  );
}

function ParametersTab({ library, filter }: { library: PolicyLibrary; filter: Filter }) {
  const text = filter.text.toLowerCase();
  const benefitLabel = useMemo(
    () => new Map(library.benefits.map((b) => [b.id, b.label])),
    [library.benefits],
  );
  const rows: ValueRow[] = [];
  for (const parameter of library.parameters) {
    const parameterMatches =
      !text ||
      includesText(text, parameter.id, parameter.label) ||
      parameter.benefitIds.some((id) => includesText(text, benefitLabel.get(id)));
    const values = parameter.values.filter(
      (v) =>
        (!filter.documentId || v.citation.documentId === filter.documentId) &&
        (!filter.jurisdiction || v.jurisdiction === filter.jurisdiction) &&
        (parameterMatches || citationMatches(v.citation, text) || includesText(text, v.display, v.note)),
    );
    if (values.length === 0) {
      if (!filter.documentId && !filter.jurisdiction && parameterMatches && parameter.values.length === 0) {
        rows.push({ key: parameter.id, parameter, value: undefined, span: 1 });
      }
      continue;
    }
    values
      .sort((a, b) => a.validity.from.localeCompare(b.validity.from))
      .forEach((value, i) =>
        rows.push({
          key: `${parameter.id}#${i}`,
          parameter,
          value,
          span: i === 0 ? values.length : 0,
        }),
      );
  }
  const spanned = (row: ValueRow) => ({ rowSpan: row.span });
  const columns: ColumnsType<ValueRow> = [
    {
      key: 'parameter',
      title: '参数',
      width: 220,
      onCell: spanned,
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{row.parameter.label}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.parameter.id} · {UNIT_LABELS[row.parameter.unit] ?? row.parameter.unit}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'jurisdiction',
      title: '实施范围',
      width: 84,
      render: (_, row) => (row.value ? <JurisdictionTag code={row.value.jurisdiction} /> : '—'),
    },
    {
      key: 'value',
      title: '标准',
      width: 200,
      render: (_, row) =>
        row.value ? (
          <Space orientation="vertical" size={0}>
            <ParameterValueText value={row.value} />
            {row.value.override !== 'replace' && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {OVERRIDE_LABELS[row.value.override] ?? row.value.override}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">暂无取值</Typography.Text>
        ),
    },
    {
      key: 'validity',
      title: '有效期',
      width: 190,
      render: (_, row) => formatValidity(row.value?.validity),
    },
    {
      key: 'citation',
      title: '依据',
      width: 250,
      render: (_, row) => <CitationText citation={row.value?.citation} />,
    },
    {
      key: 'benefits',
      title: '适用待遇',
      width: 190,
      onCell: spanned,
      render: (_, row) => (
        <Space size={[4, 4]} wrap>
          {row.parameter.benefitIds.map((id) => (
            <Tag key={id}>{benefitLabel.get(id) ?? id}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Table<ValueRow>
      rowKey="key"
      size="middle"
      bordered
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1134 }}
      locale={{ emptyText: '没有符合条件的参数' }}
    />
  );
}

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

function BenefitsTab({ library, filter }: { library: PolicyLibrary; filter: Filter }) {
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

/** 政策库: documents with their articles, parameters with every value, benefits with cases, caps and exclusivity. */
export default function PolicyLibraryPage() {
  const can = useCan();
  const library = usePolicyLibrary();
  const [filter, setFilter] = useState<Filter>({ text: '' });
  const [adding, setAdding] = useState(false);
  const [tab, setTab] = useState('parameters');

  if (library.isPending) {
    return (
      <div className="page-loading">
        <Spin size="large" />
      </div>
    );
  }
  if (library.isError) {
    return (
      <Result
        status="error"
        title="政策库加载失败"
        subTitle={errorMessage(library.error)}
        extra={<Button onClick={() => void library.refetch()}>重试</Button>}
      />
    );
  }
  const data = library.data;
  const unsetCount = data.parameters.reduce(
    (sum, p) => sum + p.values.filter((v) => v.value === null).length,
    0,
  );

  return (
    <div className="list-page-main">
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Space wrap>
            <Input.Search
              allowClear
              placeholder="搜索文号、标题、条款原文、参数或待遇"
              aria-label="搜索政策"
              style={{ width: 320 }}
              onSearch={(text) => setFilter((f) => ({ ...f, text: text.trim() }))}
              onChange={(e) => {
                if (!e.target.value) setFilter((f) => ({ ...f, text: '' }));
              }}
            />
            <Select
              allowClear
              placeholder="全部文件"
              aria-label="政策文件"
              style={{ width: 300 }}
              value={filter.documentId}
              onChange={(documentId?: string) => setFilter((f) => ({ ...f, documentId }))}
              options={data.documents.map((d) => ({ value: d.id, label: d.number ?? d.title }))}
              popupMatchSelectWidth={false}
            />
            <Select
              allowClear
              placeholder="全部实施范围"
              aria-label="实施范围"
              style={{ width: 150 }}
              value={filter.jurisdiction}
              onChange={(jurisdiction?: string) => setFilter((f) => ({ ...f, jurisdiction }))}
              options={data.jurisdictions.map((j) => ({
                value: j.code,
                label: jurisdictionName(j.code),
              }))}
            />
          </Space>
          <Space wrap>
            <Typography.Text type="secondary">
              规则版本 <Typography.Text code>{data.rulesetVersion}</Typography.Text>
            </Typography.Text>
            <Tooltip title="刷新">
              <Button
                shape="circle"
                icon={<ReloadOutlined />}
                aria-label="刷新"
                onClick={() => void library.refetch()}
              />
            </Tooltip>
            {can('policy:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                新增政策参数
              </Button>
            )}
          </Space>
        </Flex>
        {unsetCount > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            共 {unsetCount} 项标准文件未明确（“按规定”“由市级制定”），显示为
            <Tag color="warning" style={{ marginInline: 4 }}>
              未设定
            </Tag>
            ，设定前测算结果为“标准未设定”，不予计算金额。
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'parameters',
              label: `政策参数（${data.parameters.length}）`,
              children: <ParametersTab library={data} filter={filter} />,
            },
            {
              key: 'benefits',
              label: `待遇项目（${data.benefits.length}）`,
              children: <BenefitsTab library={data} filter={filter} />,
            },
            {
              key: 'documents',
              label: `政策文件（${data.documents.length}）`,
              children: <DocumentsTab library={data} filter={filter} />,
            },
          ]}
        />
      </Card>
      {can('policy:write') && (
        <PolicyValuesModal open={adding} library={data} onClose={() => setAdding(false)} />
      )}
    </div>
  );
}
