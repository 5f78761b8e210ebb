import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { LibraryDocument, PolicyLibrary } from './policy.api.ts';
import { formatValidity } from './policy-format.ts';
import { JurisdictionTag } from './policy-components.tsx';
import { includesText, type LibraryFilter } from './policy-library-filter.ts';

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

/** 政策文件: each document with its validity and the articles quoted from it. */
export function DocumentsTab({ library, filter }: { library: PolicyLibrary; filter: LibraryFilter }) {
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
