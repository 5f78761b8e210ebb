import { lazy, Suspense } from 'react';
import { Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { formatCount, formatFen } from './policy-format.ts';
import type { WhatIfBenefit, WhatIfResult } from './policy-whatif.types.ts';

// ECharts is large: its chunk loads only once there is a result to draw.
const ComparisonChart = lazy(() => import('./policy-whatif-chart.tsx'));

/** 模拟结果: the policy in force next to the adjusted one, by benefit and region, as a chart and a table. */

function Delta({ value, money }: { value: number; money?: boolean }) {
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  const text = money ? formatFen(Math.abs(value)) : formatCount(Math.abs(value));
  return (
    <Typography.Text
      type={value > 0 ? 'danger' : 'success'}
    >{`${value > 0 ? '+' : '−'}${text}`}</Typography.Text>
  );
}

function ComparisonTable({ result }: { result: WhatIfResult }) {
  const columns: ColumnsType<WhatIfBenefit> = [
    { key: 'label', title: '待遇项目', dataIndex: 'label', width: 180, fixed: 'left' },
    {
      key: 'baseline',
      title: '现行政策',
      children: [
        {
          key: 'bRecipients',
          title: '享受人数',
          width: 80,
          align: 'right',
          render: (_, b) => formatCount(b.baseline.recipients),
        },
        {
          key: 'bTotal',
          title: '金额合计',
          width: 130,
          align: 'right',
          render: (_, b) => formatFen(b.baseline.totalFen),
        },
        {
          key: 'bAverage',
          title: '人均',
          width: 110,
          align: 'right',
          render: (_, b) => formatFen(b.baseline.averageFen),
        },
      ],
    },
    {
      key: 'overlay',
      title: '调整后',
      children: [
        {
          key: 'oRecipients',
          title: '享受人数',
          width: 80,
          align: 'right',
          render: (_, b) => formatCount(b.overlay.recipients),
        },
        {
          key: 'oTotal',
          title: '金额合计',
          width: 130,
          align: 'right',
          render: (_, b) => formatFen(b.overlay.totalFen),
        },
        {
          key: 'oAverage',
          title: '人均',
          width: 110,
          align: 'right',
          render: (_, b) => formatFen(b.overlay.averageFen),
        },
      ],
    },
    {
      key: 'delta',
      title: '变化',
      children: [
        {
          key: 'dRecipients',
          title: '人数',
          width: 80,
          align: 'right',
          render: (_, b) => <Delta value={b.delta.recipients} />,
        },
        {
          key: 'dTotal',
          title: '金额',
          width: 130,
          align: 'right',
          render: (_, b) => <Delta value={b.delta.totalFen} money />,
        },
      ],
    },
  ];
  const sum = (pick: (b: WhatIfBenefit) => number) => result.benefits.reduce((s, b) => s + pick(b), 0);
  return (
    <Table<WhatIfBenefit>
      rowKey="benefitId"
      size="middle"
      bordered
      pagination={false}
      columns={columns}
      dataSource={result.benefits}
      scroll={{ x: 1080 }}
      expandable={{
        rowExpandable: (b) => b.byRegion.length > 0,
        expandedRowRender: (b) => (
          <Table
            rowKey="regionCode"
            size="small"
            pagination={false}
            dataSource={b.byRegion}
            columns={[
              {
                key: 'region',
                title: '区划',
                render: (_, r) => r.regionName || <RegionLabel code={r.regionCode} />,
              },
              {
                key: 'bR',
                title: '现行人数',
                align: 'right',
                render: (_, r) => formatCount(r.baseline.recipients),
              },
              {
                key: 'bT',
                title: '现行金额',
                align: 'right',
                render: (_, r) => formatFen(r.baseline.totalFen),
              },
              {
                key: 'oR',
                title: '调整后人数',
                align: 'right',
                render: (_, r) => formatCount(r.overlay.recipients),
              },
              {
                key: 'oT',
                title: '调整后金额',
                align: 'right',
                render: (_, r) => formatFen(r.overlay.totalFen),
              },
              {
                key: 'd',
                title: '金额变化',
                align: 'right',
                render: (_, r) => <Delta value={r.overlay.totalFen - r.baseline.totalFen} money />,
              },
            ]}
          />
        ),
      }}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>合计</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {formatCount(sum((b) => b.baseline.recipients))} 人次
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Typography.Text strong>{formatFen(sum((b) => b.baseline.totalFen))}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} />
            <Table.Summary.Cell index={5} align="right">
              {formatCount(sum((b) => b.overlay.recipients))} 人次
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">
              <Typography.Text strong>{formatFen(sum((b) => b.overlay.totalFen))}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} />
            <Table.Summary.Cell index={8} align="right">
              <Delta value={sum((b) => b.delta.recipients)} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={9} align="right">
              <Delta value={sum((b) => b.delta.totalFen)} money />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

export function WhatIfResultCard({ result }: { result: WhatIfResult }) {
  // Benefits nobody receives under either policy only clutter the chart and table: they are counted below them.
  const active = {
    ...result,
    benefits: result.benefits.filter(
      (b) => b.baseline.recipients + b.overlay.recipients + b.baseline.totalFen + b.overlay.totalFen > 0,
    ),
  };
  const changed = result.benefits.filter((b) => b.delta.totalFen !== 0 || b.delta.recipients !== 0);
  return (
    <Card size="small" title="模拟结果">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'asOf', label: '测算日', children: result.asOf },
          {
            key: 'region',
            label: '测算区划',
            children: result.regionCode ? <RegionLabel code={result.regionCode} full /> : '本人查看范围',
          },
          { key: 'population', label: '测算人数', children: `${formatCount(result.population)} 人` },
          {
            key: 'ruleset',
            label: '现行规则版本',
            children: <Typography.Text code>{result.rulesetVersion}</Typography.Text>,
          },
          {
            key: 'overlay',
            label: '调整后规则版本',
            children: <Typography.Text code>{result.overlayVersion}</Typography.Text>,
          },
          {
            key: 'changed',
            label: '受影响待遇',
            children: (
              <Space size={[4, 4]} wrap>
                {changed.length === 0 && (
                  <Typography.Text type="secondary">无（人数和金额均无变化）</Typography.Text>
                )}
                {changed.map((b) => (
                  <Tag key={b.benefitId} color="blue">
                    {b.label}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {active.benefits.length > 0 ? (
        <>
          <Suspense fallback={<div style={{ height: 340 }} />}>
            <ComparisonChart result={active} />
          </Suspense>
          <ComparisonTable result={active} />
        </>
      ) : (
        <Empty description="测算区划内在两种政策下均无人享受待遇" />
      )}
      {result.benefits.length > active.benefits.length && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          另有 {result.benefits.length - active.benefits.length} 项待遇在现行政策和调整后均无人享受，未列出。
        </Typography.Paragraph>
      )}
    </Card>
  );
}
