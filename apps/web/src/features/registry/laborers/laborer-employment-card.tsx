import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime } from '../../../shared/format.ts';
import type { LaborerDetailDto } from '../shared/registry.api.ts';
import { EMPLOYMENT_STATUS_LABELS, useDictionaryLabel } from '../shared/dictionary.ts';
import { DESCRIPTIONS, RegionText } from './laborer-detail-shared.tsx';

type Spell = LaborerDetailDto['employment']['spells'][number];

const yuan = (fen: number | null) => (fen === null ? '—' : `${(fen / 100).toLocaleString('zh-CN')} 元`);

/** 就业情况: the derived employment status, the last contact and every employment spell. */
export function EmploymentCard({ laborer }: { laborer: LaborerDetailDto }) {
  const label = useDictionaryLabel();
  const { employment } = laborer;
  const spellColumns: ColumnsType<Spell> = [
    {
      key: 'period',
      title: '起止年月',
      width: 160,
      render: (_, spell) => `${spell.startMonth} 至 ${spell.endMonth ?? '今'}`,
    },
    {
      key: 'employmentForm',
      title: '就业形式',
      dataIndex: 'employmentForm',
      width: 100,
      render: (code: string) => label('employment_form', code),
    },
    {
      key: 'workArea',
      title: '务工地域',
      dataIndex: 'workArea',
      width: 100,
      render: (code: string) => label('work_area', code),
    },
    {
      key: 'workRegion',
      title: '务工所在地',
      width: 180,
      render: (_, spell) => <RegionText code={spell.workRegionCode} name={spell.workRegionName} />,
    },
    {
      key: 'employerName',
      title: '就业单位',
      dataIndex: 'employerName',
      width: 180,
      ellipsis: true,
      render: (name: string | null) => name ?? '—',
    },
    {
      key: 'industry',
      title: '行业',
      dataIndex: 'industry',
      width: 80,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'channel',
      title: '就业渠道',
      dataIndex: 'channel',
      width: 120,
      render: (code: string | null) => label('employment_channel', code),
    },
    { key: 'income', title: '月收入', dataIndex: 'monthlyIncomeFen', width: 110, render: yuan },
    {
      key: 'flags',
      title: '其他',
      width: 220,
      render: (_, spell) => (
        <Space size={[4, 4]} wrap>
          {spell.isOrganizedTransport && <Tag>点对点输送</Tag>}
          {spell.hasTransportSubsidy && <Tag>交通补贴</Tag>}
          {spell.hasContract && <Tag>签订合同</Tag>}
          {spell.hasSocialInsurance && <Tag>参加社保</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Card size="small" title="就业情况">
      <Descriptions
        {...DESCRIPTIONS}
        items={[
          {
            key: 'status',
            label: '就业状态',
            children: EMPLOYMENT_STATUS_LABELS[employment.status] ?? employment.status,
          },
          { key: 'workArea', label: '务工地域', children: label('work_area', employment.workArea) },
          {
            key: 'workRegion',
            label: '务工所在地',
            children: <RegionText code={employment.workRegionCode} name={employment.workRegionName} full />,
          },
          {
            key: 'lastContactOn',
            label: '最近联系日期',
            children: employment.lastContactOn ?? <Typography.Text type="warning">未联系</Typography.Text>,
          },
          { key: 'createdAt', label: '登记时间', children: formatDateTime(laborer.createdAt) },
          { key: 'updatedAt', label: '更新时间', children: formatDateTime(laborer.updatedAt) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        务工经历
      </Typography.Title>
      <Table<Spell>
        rowKey="id"
        size="small"
        columns={spellColumns}
        dataSource={employment.spells}
        pagination={false}
        scroll={{ x: 1150 }}
        locale={{ emptyText: '暂无务工经历' }}
      />
    </Card>
  );
}
