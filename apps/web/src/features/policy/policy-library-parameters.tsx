import { useMemo } from 'react';
import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { LibraryParameter, LibraryParameterValue, PolicyLibrary } from './policy.api.ts';
import { formatValidity, OVERRIDE_LABELS, UNIT_LABELS } from './policy-format.ts';
import { CitationText, JurisdictionTag, ParameterValueText } from './policy-components.tsx';
import { citationMatches, includesText, type LibraryFilter } from './policy-library-filter.ts';

interface ValueRow {
  key: string;
  parameter: LibraryParameter;
  value: LibraryParameterValue | undefined;
  span: number;
}

/** 政策参数: every value of every parameter, by validity, with its citation and the benefits using it. */
export function ParametersTab({ library, filter }: { library: PolicyLibrary; filter: LibraryFilter }) {
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
